/**
 * Independent repair shops (issue 18, "published prices"): the right-to-repair ask of the founding
 * notes, that independent shops get parts and repair information, kept with the brand's say over
 * who is let in. A shop registers itself and waits; the brand's staff approve or refuse it; only an
 * approved shop acts. Pure: the current status and the decision come in, the answer goes out.
 */
import { isCreditCode, normalCreditCode } from '../contract/index.ts';
import type { SHOP_DECISION_LABELS, SHOP_STATUS_LABELS } from './labels.ts';

export type ShopStatus = keyof typeof SHOP_STATUS_LABELS;
export type ShopDecision = keyof typeof SHOP_DECISION_LABELS;

/** The rules' names, cited in answers so that a refusal says which rule it rests on. */
export const SHOP_RULES = {
  approval: 'repair-shop:approval',
  actsWhenApproved: 'repair-shop:acts-when-approved',
  licence: 'repair-shop:licence',
} as const;

/**
 * The business licence's unified social credit code, checked as the fapiao's taxpayer id is (the
 * same 18-character code): the normal form, or why not.
 */
export function checkLicence(code: string): { ok: true; code: string } | { ok: false; rule: string } {
  const normal = normalCreditCode(code);
  return isCreditCode(normal) ? { ok: true, code: normal } : { ok: false, rule: SHOP_RULES.licence };
}

/**
 * A registration is decided once: pending → approved or refused. A refused shop registers again (a
 * new party) rather than being reopened, so that each decision stays what it was on the record.
 */
export function decideRegistration(
  current: ShopStatus,
  decision: ShopDecision,
): { status: ShopStatus; rule: string } | { refused: 'already_decided'; rule: string } {
  if (current !== 'pending') return { refused: 'already_decided', rule: SHOP_RULES.approval };
  return { status: decision, rule: SHOP_RULES.approval };
}

/** Whether a shop may act (read repair information, order parts): only when approved. */
export function shopMayAct(status: ShopStatus | null): { allowed: boolean; rule: string } {
  return { allowed: status === 'approved', rule: SHOP_RULES.actsWhenApproved };
}

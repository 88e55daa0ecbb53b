/**
 * A shop's parts order, priced at the published customer prices (never costs) with the money rules
 * of quotes: a line per part, net per tax rate, tax once per rate. Pure.
 */
import { lineOf, type PriceItem, type Totals, totalsOf } from '../contract/index.ts';
import type { PARTS_ORDER_STATE_LABELS, PARTS_ORDER_STEP_LABELS } from './labels.ts';

export type PartsOrderState = keyof typeof PARTS_ORDER_STATE_LABELS;
export type PartsOrderStep = keyof typeof PARTS_ORDER_STEP_LABELS;

export interface OrderLineInput {
  partNumber: string;
  quantity: number;
}

/** Why a line cannot be priced: the part is not on the published list (by part number), or twice. */
export interface LineRefusal {
  index: number;
  partNumber: string;
  reason: 'not_published' | 'repeated' | 'other_currency';
}

/**
 * Prices the lines from the published parts (`published`, by part number: only `part` items). A
 * part not published is refused by its number; a part named twice is refused (one line per part,
 * so a reservation per part); all lines must share one currency (an order is paid in one).
 */
export function priceOrder(
  lines: readonly OrderLineInput[],
  published: ReadonlyMap<string, PriceItem>,
): { ok: true; currency: string; totals: Totals } | { ok: false; refusals: LineRefusal[] } {
  const refusals: LineRefusal[] = [];
  const seen = new Set<string>();
  const priced = [];
  let currency: string | null = null;
  for (const [index, l] of lines.entries()) {
    const item = published.get(l.partNumber);
    if (item?.kind !== 'part') {
      refusals.push({ index, partNumber: l.partNumber, reason: 'not_published' });
      continue;
    }
    if (seen.has(l.partNumber)) {
      refusals.push({ index, partNumber: l.partNumber, reason: 'repeated' });
      continue;
    }
    seen.add(l.partNumber);
    currency ??= item.currency;
    if (item.currency !== currency) {
      refusals.push({ index, partNumber: l.partNumber, reason: 'other_currency' });
      continue;
    }
    priced.push(lineOf(item, l.quantity, null));
  }
  if (refusals.length > 0 || currency === null) return { ok: false, refusals };
  return { ok: true, currency, totals: totalsOf(priced) };
}

/** The order's steps: placed → confirmed (stock reserved) → shipped; refused before it ships. */
const NEXT: Record<PartsOrderStep, { from: readonly PartsOrderState[]; to: PartsOrderState }> = {
  confirm: { from: ['placed'], to: 'confirmed' },
  ship: { from: ['confirmed'], to: 'shipped' },
  refuse: { from: ['placed', 'confirmed'], to: 'refused' },
};

export function nextOrderState(
  current: PartsOrderState,
  step: PartsOrderStep,
): { ok: true; state: PartsOrderState } | { ok: false; allowedFrom: readonly PartsOrderState[] } {
  const rule = NEXT[step];
  return rule.from.includes(current) ? { ok: true, state: rule.to } : { ok: false, allowedFrom: rule.from };
}

/**
 * A partner's warranty claim for a repair, checked against both agreements:
 * - the customer's cover (the entitlement decision of the case): a repair the customer pays for is
 *   not the brand's to reimburse;
 * - the partner's agreement (`compensation`): the submission window from the repair's completion,
 *   the evidence it lists, labor at its rate for at most the standard time of each operation,
 *   travel at its rate per kilometre beyond the free kilometres, and parts: none from consignment
 *   stock (the brand's own), otherwise at catalogue cost plus the agreed markup.
 * Each line gets its own answer and clause; the claim is approved, partly approved or rejected.
 */

import { prorate, sumMinor, toMinor } from '../ledger/index.ts';
import type { Agreement } from '../terms/index.ts';
import { addToDate, duration, durationInWords } from '../time/index.ts';
import type { CLAIM_LINE_KIND_LABELS, ClaimLineReason, LINE_STATUS_LABELS } from './labels.ts';

export type ClaimLineKind = keyof typeof CLAIM_LINE_KIND_LABELS;

export interface ClaimedLine {
  kind: ClaimLineKind;
  /** labor: the operation; parts: the part number. */
  item?: string;
  /** labor minutes, travel kilometres, parts quantity. */
  quantity: number;
  /** What the partner asks for, in minor units. */
  amountMinor: number;
}

export interface RepairFacts {
  completedOn: string | null;
  /** Operations done, with their standard minutes (null: no standard time known). */
  operations: { operation: string; standardMinutes: number | null; actualMinutes: number }[];
  /** Kilometres recorded on the visits. */
  visitKm: number;
  parts: {
    partNumber: string;
    quantity: number;
    unitCostMinor: number;
    consignment: boolean;
    serialOut: string | null;
  }[];
  customerSigned: boolean;
}

export interface CoverFacts {
  covered: boolean;
  cites: string[];
  agreement: { id: string; version: number } | null;
}

export type LineStatus = keyof typeof LINE_STATUS_LABELS;

export interface LineDecision extends ClaimedLine {
  status: LineStatus;
  approvedMinor: number;
  ref: string | null;
  reason: ClaimLineReason;
  explanation: { en: string; zh: string };
  /** When the brand's reviewer decided the line: what the terms had proposed, kept beside it. */
  proposed?: { status: LineStatus; approvedMinor: number; ref: string | null; reason: ClaimLineReason };
  /** Who reviewed the line (a name) and on which date. */
  reviewed?: { by: string; on: string };
}

export type ClaimOutcome = 'approved' | 'partly_approved' | 'rejected';

export interface ClaimDecision {
  outcome: ClaimOutcome;
  lines: LineDecision[];
  claimedMinor: number;
  approvedMinor: number;
  currency: string;
  missingEvidence: string[];
  submitBy: string | null;
  cites: string[];
  partnerAgreement: { id: string; version: number } | null;
  cover: CoverFacts;
}

export function decideClaim(input: {
  partner: Agreement | undefined;
  cover: CoverFacts;
  repair: RepairFacts;
  lines: readonly ClaimedLine[];
  evidence: readonly string[];
  submittedOn: string;
}): ClaimDecision {
  const { partner, cover, repair } = input;
  const comp = partner?.compensation;
  const currency = partner?.currency ?? 'CNY';
  const compRef = comp?.ref ?? null;
  const claimsRef = comp?.claims?.ref ?? compRef;
  const submitBy =
    comp?.claims?.submit_within && repair.completedOn
      ? addToDate(repair.completedOn, duration(comp.claims.submit_within))
      : null;
  const required = comp?.claims?.evidence ?? [];
  const present = new Set(input.evidence);
  if (repair.parts.some((p) => p.serialOut)) present.add('replaced_part_serial');
  if (repair.customerSigned) present.add('customer_signature');
  const missing = required.filter((e) => !present.has(e));

  const reject = (
    line: ClaimedLine,
    ref: string | null,
    reason: ClaimLineReason,
    explanation: { en: string; zh: string },
  ): LineDecision => ({ ...line, status: 'rejected', approvedMinor: 0, ref, reason, explanation });

  // Whole-claim answers first: no agreement, not covered, late, evidence missing.
  let whole: ((l: ClaimedLine) => LineDecision) | null = null;
  if (!partner || !comp) {
    whole = (l) =>
      reject(l, null, 'no_partner_agreement', {
        en: 'No service partner agreement with compensation is in force for this partner.',
        zh: '该服务商没有有效的含结算条款的服务协议。',
      });
  } else if (!cover.covered) {
    whole = (l) =>
      reject(l, cover.cites[0] ?? null, 'not_covered', {
        en: 'The repair is not covered for the customer: the customer pays, not the brand.',
        zh: '该维修不在客户保修范围内：由客户付费，品牌方不予结算。',
      });
  } else if (!repair.completedOn) {
    whole = (l) =>
      reject(l, claimsRef, 'repair_not_completed', {
        en: 'The repair is not completed yet.',
        zh: '维修尚未完成。',
      });
  } else if (submitBy && input.submittedOn >= submitBy) {
    whole = (l) =>
      reject(l, claimsRef, 'submitted_late', {
        en: `Submitted after the window: claims must be filed before ${submitBy}.`,
        zh: `超过提交期限：须在 ${submitBy} 之前提交。`,
      });
  } else if (missing.some((m) => m !== 'replaced_part_serial')) {
    whole = (l) =>
      reject(l, claimsRef, 'evidence_missing', {
        en: `Evidence the agreement requires is missing: ${missing.join(', ')}.`,
        zh: `缺少协议要求的证据：${missing.join('、')}。`,
      });
  }

  const lines = input.lines.map((line): LineDecision => {
    if (whole) return whole(line);
    return decideLine(line, partner!, repair, missing, compRef, claimsRef, currency);
  });
  const claimedMinor = sumMinor(lines.map((l) => l.amountMinor));
  const approvedMinor = sumMinor(lines.map((l) => l.approvedMinor));
  const outcome: ClaimOutcome =
    lines.length > 0 && lines.every((l) => l.status === 'approved')
      ? 'approved'
      : approvedMinor > 0
        ? 'partly_approved'
        : 'rejected';
  const cites = [...new Set(lines.map((l) => l.ref).filter((r): r is string => r !== null))];
  return {
    outcome,
    lines,
    claimedMinor,
    approvedMinor,
    currency,
    missingEvidence: missing,
    submitBy,
    cites,
    partnerAgreement: partner ? { id: partner.id, version: partner.version } : null,
    cover,
  };
}

function decideLine(
  line: ClaimedLine,
  partner: Agreement,
  repair: RepairFacts,
  missing: readonly string[],
  compRef: string | null,
  claimsRef: string | null,
  currency: string,
): LineDecision {
  const comp = partner.compensation!;
  const settle = (
    payable: number,
    reason: ClaimLineReason,
    explanation: { en: string; zh: string },
    ref = compRef,
  ) => {
    const approvedMinor = Math.max(0, Math.min(line.amountMinor, payable));
    const status: LineStatus =
      approvedMinor === line.amountMinor ? 'approved' : approvedMinor === 0 ? 'rejected' : 'reduced';
    return { ...line, status, approvedMinor, ref, reason, explanation };
  };
  if (line.kind === 'labor') {
    if (!comp.labor)
      return settle(0, 'no_labor_rate', { en: 'The agreement pays no labor.', zh: '协议未约定工时费。' });
    const rateMinor = toMinor(comp.labor.rate, currency);
    const perMinutes = comp.labor.per ? Math.max(1, Math.round(durationMinutes(comp.labor.per))) : 60;
    const ops = line.item ? repair.operations.filter((o) => o.operation === line.item) : repair.operations;
    if (ops.length === 0) {
      return settle(0, 'operation_not_done', {
        en: 'No such operation was recorded on the repair.',
        zh: '维修记录中没有该工序。',
      });
    }
    const done = ops.reduce((s, o) => s + o.actualMinutes, 0);
    const standard = ops.every((o) => o.standardMinutes !== null)
      ? ops.reduce((s, o) => s + (o.standardMinutes ?? 0), 0)
      : null;
    let minutes = Math.min(line.quantity, done);
    if (comp.labor.standard_times && standard !== null) minutes = Math.min(minutes, standard);
    const payable = prorate(rateMinor, minutes, perMinutes);
    return settle(payable, minutes < line.quantity ? 'capped_at_standard_time' : 'at_agreed_rate', {
      en: `${minutes} min at ${comp.labor.rate} ${currency} per ${durationInWords(comp.labor.per ?? 'PT1H').en}${comp.labor.standard_times && standard !== null ? ` (standard time ${standard} min)` : ''}.`,
      zh: `按协议费率 ${comp.labor.rate} ${currency}/${durationInWords(comp.labor.per ?? 'PT1H').zh} 计 ${minutes} 分钟${comp.labor.standard_times && standard !== null ? `（标准工时 ${standard} 分钟）` : ''}。`,
    });
  }
  if (line.kind === 'travel') {
    if (!comp.travel)
      return settle(0, 'no_travel_rate', { en: 'The agreement pays no travel.', zh: '协议未约定差旅费。' });
    const rateMinor = toMinor(comp.travel.rate, currency);
    const km = Math.min(line.quantity, repair.visitKm);
    const free = comp.travel.free_km ?? 0;
    const paidKm = Math.max(0, km - free);
    const payable = comp.travel.per_km === false ? rateMinor : prorate(rateMinor, paidKm, 1);
    return settle(payable, paidKm === 0 ? 'within_free_km' : 'beyond_free_km', {
      en: `${km} km recorded, the first ${free} free; ${paidKm} km at ${comp.travel.rate} ${currency}/km.`,
      zh: `记录里程 ${km} 公里，前 ${free} 公里免费；${paidKm} 公里按 ${comp.travel.rate} ${currency}/公里计。`,
    });
  }
  // parts
  const used = repair.parts.filter((p) => !line.item || p.partNumber === line.item);
  if (used.length === 0) {
    return settle(0, 'part_not_used', { en: 'The repair used no such part.', zh: '维修未使用该部件。' });
  }
  if (missing.includes('replaced_part_serial')) {
    return settle(
      0,
      'evidence_missing',
      { en: 'The serial of the replaced part is missing.', zh: '缺少被更换部件的序列号。' },
      claimsRef,
    );
  }
  const own = used.filter((p) => !p.consignment);
  if (own.length === 0) {
    return settle(
      0,
      'consignment_stock',
      {
        en: 'The part came from consignment stock the brand owns: nothing to reimburse.',
        zh: '该部件取自品牌方所有的寄售库存：无需结算。',
      },
      partner.spare_parts?.ref ?? compRef,
    );
  }
  const markup = comp.parts?.markup_percent ?? 0;
  const qty = Math.min(
    line.quantity,
    own.reduce((s, p) => s + p.quantity, 0),
  );
  const unitCost = own[0]!.unitCostMinor;
  const payable = prorate(unitCost * qty, 100 + markup, 100);
  return settle(
    payable,
    'at_catalogue_cost',
    {
      en: `${qty} at catalogue cost${markup ? ` plus ${markup}%` : ''}.`,
      zh: `${qty} 件按目录成本${markup ? `加 ${markup}%` : ''}计。`,
    },
    comp.parts?.ref ?? compRef,
  );
}

function durationMinutes(text: string): number {
  const d = duration(text);
  return ((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes + d.seconds / 60;
}

/**
 * Returns (RMA), decided by the customer-facing terms in force (`returns` of a warranty):
 * - `no_reason`: inside `no_reason_window` from delivery (sale when delivery is unknown), with the
 *   listed conditions kept (original packaging, proof of purchase), the customer may return the
 *   unit for a refund;
 * - `performance_fault`: inside `replacement_window`, a performance fault gives a replacement;
 *   after it, the unit is repaired under the warranty instead (not a return);
 * - `other`: not a return the terms grant; an agent decides, citing what they rest on.
 * Windows run from the start day up to, not including, start + window: with P7D and delivery on
 * the 1st, the 7th is day 6 and inside; the 8th is day 7 and outside.
 */
import { keysOf } from '../label.ts';
import type { Agreement } from '../terms/index.ts';
import { addToDate, daysBetween, duration, fixedSeconds } from '../time/index.ts';
import {
  DISPOSITION_LABELS,
  RETURN_REASON_LABELS,
  type RETURN_STATE_LABELS,
  type RETURN_VERDICT_LABELS,
} from './labels.ts';

export type ReturnReason = keyof typeof RETURN_REASON_LABELS;
export const RETURN_REASONS = keysOf(RETURN_REASON_LABELS);

export type Disposition = keyof typeof DISPOSITION_LABELS;
export const DISPOSITIONS = keysOf(DISPOSITION_LABELS);

export interface ReturnRequestFacts {
  reason: ReturnReason;
  /** The day of the request, in the terms' local time. */
  requestedOn: string;
  /** The instant of the request (ISO), for the approval clock. */
  requestedAt: string;
  deliveredOn: string | null;
  soldOn: string | null;
  /** Which conditions the customer says are kept, by the terms' names. */
  conditions: Record<string, boolean>;
}

export type ReturnVerdict = keyof typeof RETURN_VERDICT_LABELS;

export interface ReturnCheck {
  verdict: ReturnVerdict;
  /** What the customer is entitled to when approved. */
  remedy: 'refund' | 'replace' | null;
  reason:
    | 'within_no_reason_window'
    | 'within_replacement_window'
    | 'outside_window'
    | 'conditions_unmet'
    | 'no_returns_terms'
    | 'date_unknown'
    | 'not_a_terms_return';
  explanation: { en: string; zh: string };
  cites: string[];
  agreement: { id: string; version: number } | null;
  /** Day of receipt the window counts from, the day of the request counted from it (0 = that day). */
  windowStart: string | null;
  day: number | null;
  /** Last day inside the window that applies. */
  lastDay: string | null;
  missingConditions: string[];
  /** When the brand must decide (the approval clock), when the terms set one. */
  decideBy: string | null;
  decideWithin: string | null;
}

const TEXT: Record<ReturnCheck['reason'], { en: string; zh: string }> = {
  within_no_reason_window: {
    en: 'Within the no-reason return window: the unit may be returned for a refund.',
    zh: '在无理由退货期内：可退货退款。',
  },
  within_replacement_window: {
    en: 'A performance fault within the replacement window: the unit is replaced.',
    zh: '在换货期内出现性能故障：予以换货。',
  },
  outside_window: {
    en: 'The return window has passed; a fault is repaired under the warranty instead.',
    zh: '已超过退换货期限；如有故障，按保修进行维修。',
  },
  conditions_unmet: {
    en: 'A condition of the return is not met.',
    zh: '不满足退货条件。',
  },
  no_returns_terms: {
    en: 'The terms in force grant no returns for this unit.',
    zh: '现行条款未对该产品规定退货。',
  },
  date_unknown: {
    en: 'The delivery date the window counts from is not recorded.',
    zh: '未记录退货期限起算的交付日期。',
  },
  not_a_terms_return: {
    en: 'The terms grant no return for this reason; an agent decides.',
    zh: '条款未规定此原因的退货；由客服人员决定。',
  },
};

export function checkReturn(warranty: Agreement | undefined, facts: ReturnRequestFacts): ReturnCheck {
  const r = warranty?.returns;
  const ref = r?.ref ?? 'returns';
  const base: ReturnCheck = {
    verdict: 'reject',
    remedy: null,
    reason: 'no_returns_terms',
    explanation: TEXT.no_returns_terms,
    cites: [],
    agreement: warranty ? { id: warranty.id, version: warranty.version } : null,
    windowStart: null,
    day: null,
    lastDay: null,
    missingConditions: [],
    decideBy: null,
    decideWithin: null,
  };
  if (!warranty || !r || (!r.no_reason_window && !r.replacement_window)) {
    return { ...base, verdict: facts.reason === 'other' ? 'refer' : 'reject' };
  }
  const within = r.approval?.decide_within;
  const withClock: ReturnCheck = {
    ...base,
    decideWithin: within ?? null,
    decideBy: within ? approvalDeadline(facts.requestedAt, within) : null,
  };
  const answer = (
    reason: ReturnCheck['reason'],
    verdict: ReturnVerdict,
    extra: Partial<ReturnCheck> = {},
  ) => ({
    ...withClock,
    verdict,
    reason,
    explanation: TEXT[reason],
    cites: [ref],
    ...extra,
  });
  if (facts.reason === 'other') return answer('not_a_terms_return', 'refer');
  const start = facts.deliveredOn ?? facts.soldOn;
  if (!start) return answer('date_unknown', 'refer');
  const day = daysBetween(start, facts.requestedOn);
  const window = facts.reason === 'no_reason' ? r.no_reason_window : r.replacement_window;
  if (!window) return answer('no_returns_terms', 'reject', { windowStart: start, day });
  const end = addToDate(start, duration(window));
  const lastDay = addToDate(end, {
    years: 0,
    months: 0,
    weeks: 0,
    days: -1,
    hours: 0,
    minutes: 0,
    seconds: 0,
  });
  const dated = { windowStart: start, day, lastDay };
  if (facts.requestedOn < start || facts.requestedOn >= end) return answer('outside_window', 'reject', dated);
  const missing = (r.conditions ?? []).filter((c) => facts.conditions[c] !== true);
  if (facts.reason === 'no_reason' && missing.length > 0) {
    return answer('conditions_unmet', 'reject', { ...dated, missingConditions: missing });
  }
  return facts.reason === 'no_reason'
    ? answer('within_no_reason_window', 'approve', { ...dated, remedy: 'refund' })
    : answer('within_replacement_window', 'approve', { ...dated, remedy: 'replace' });
}

/** The approval deadline: wall-clock time from the request (`clock: calendar`, as the terms write it). */
export function approvalDeadline(requestedAt: string, within: string): string {
  const d = duration(within);
  const at = new Date(requestedAt);
  // Months and years are calendar arithmetic on the date; the rest is exact time.
  if (d.years || d.months) at.setUTCMonth(at.getUTCMonth() + d.years * 12 + d.months);
  return new Date(at.getTime() + fixedSeconds(d) * 1000).toISOString();
}

export type ReturnState = keyof typeof RETURN_STATE_LABELS;

const MOVES: Record<ReturnState, readonly ReturnState[]> = {
  requested: ['approved', 'rejected'],
  approved: ['shipped', 'received'],
  rejected: [],
  shipped: ['received'],
  received: ['closed'],
  closed: [],
};

export function canMoveReturn(from: ReturnState, to: ReturnState): boolean {
  return MOVES[from].includes(to);
}

/** Which dispositions inspection allows: damage beyond the customer's use voids a no-reason refund. */
export interface InspectionFacts {
  receivedQuantity: number;
  damagedQuantity: number;
}

export function dispositionRef(
  disposition: Disposition,
  check: ReturnCheck,
  warrantyRef: string | null,
): string | null {
  if (disposition === 'refund' || disposition === 'replace') return check.cites[0] ?? warrantyRef;
  if (disposition === 'repair') return warrantyRef ?? check.cites[0] ?? null;
  return check.cites[0] ?? warrantyRef;
}

/** The terms' return conditions as people read them; a condition the terms add is shown by its words. */
const CONDITION_NAMES: Record<string, { en: string; zh: string }> = {
  original_packaging: { en: 'original packaging kept', zh: '保留原包装' },
  proof_of_purchase: { en: 'proof of purchase', zh: '购买凭证' },
};

export function conditionName(condition: string): { en: string; zh: string } {
  const words = condition.replace(/_/g, ' ');
  return CONDITION_NAMES[condition] ?? { en: words, zh: words };
}

/**
 * A return without reason whose only fault is conditions left unticked is not decided: the
 * customer is told which to confirm and sends it again. Said in both languages, naming each.
 */
export function untickedConditions(check: ReturnCheck): { en: string; zh: string } | null {
  if (check.reason !== 'conditions_unmet' || check.missingConditions.length === 0) return null;
  const names = check.missingConditions.map(conditionName);
  return {
    en: `Confirm these conditions of ${check.cites[0] ?? 'the terms'} and send the request again: ${names.map((n) => n.en).join(', ')}.`,
    zh: `请确认${check.cites[0] ?? '条款'}要求的以下条件后重新提交：${names.map((n) => n.zh).join('、')}。`,
  };
}

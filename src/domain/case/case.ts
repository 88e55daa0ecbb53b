import { keysOf } from '../label.ts';
import {
  type Agreement,
  CUSTOMER_FACING,
  type ServiceLevels,
  type TargetKind,
  versionsInForce,
} from '../terms/index.ts';
import { territoryWithin } from '../unit/index.ts';
import {
  CASE_KIND_LABELS,
  CASE_STATE_LABELS,
  CHANNEL_LABELS,
  type CLOCK_SIDE_LABELS,
  SEVERITY_LABELS,
} from './labels.ts';

export type CaseKind = keyof typeof CASE_KIND_LABELS;
export const CASE_KINDS = keysOf(CASE_KIND_LABELS);

/**
 * Whether the terms' promises run on a case of this kind: a planned maintenance visit is kept to
 * its plan's due day, not to the response and on-site promises made for a failure or a question.
 */
export const runsPromises = (kind: CaseKind): boolean => kind !== 'maintenance';

/** Most urgent first. */
export type Severity = keyof typeof SEVERITY_LABELS;
export const SEVERITIES = keysOf(SEVERITY_LABELS);

/** How a case came in: phone, walk-in, email, portal, ... */
export type Channel = keyof typeof CHANNEL_LABELS;
export const CHANNELS = keysOf(CHANNEL_LABELS);

export type CaseState = keyof typeof CASE_STATE_LABELS;
export const CASE_STATES = keysOf(CASE_STATE_LABELS);

const NEXT: Record<CaseState, readonly CaseState[]> = {
  new: ['in_progress', 'waiting_on_customer', 'resolved', 'closed'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  // Reopening: a resolved or closed case goes back to work.
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function canMove(from: CaseState, to: CaseState): boolean {
  return NEXT[from].includes(to);
}

/**
 * The conditions in force for a case, by the names terms use in `pause_while`. Waiting on the
 * customer is a state; an inaccessible site is a flag an agent or technician sets and clears.
 */
export function conditionsOf(state: CaseState, flags: { siteNotAccessible: boolean }): string[] {
  const conditions: string[] = [];
  if (state === 'waiting_on_customer') conditions.push('waiting_on_customer');
  if (flags.siteNotAccessible) conditions.push('site_not_accessible');
  return conditions;
}

/** Which side of the service path a clock measures. */
export type ClockSide = keyof typeof CLOCK_SIDE_LABELS;

/** One SLA clock to start, and the clause it comes from. */
export interface ClockPlan {
  side: ClockSide;
  agreement: { id: string; version: number };
  /** The party that owes it (the agreement's provider). */
  owedBy: string;
  ref: string | null;
  target: TargetKind;
  /** ISO 8601, as the terms wrote it. */
  duration: string;
  clock: 'business' | 'calendar';
  calendar: string | null;
  pauseWhile: string[];
  /** The severity whose targets were used (the case's own, or the nearest the terms name). */
  severityUsed: string;
}

/**
 * The severity whose targets apply. A severity the terms do not name takes the nearest one they
 * do, preferring the less urgent: a `critical` case under terms that stop at `high` gets `high`'s
 * targets, because the terms promise nothing faster; `low` under terms that stop at `normal` gets `normal`'s.
 */
export function severityFor(levels: ServiceLevels, severity: Severity): string | undefined {
  const named = (s: string) => {
    const t = levels.targets?.[s];
    return t !== undefined && t !== null && Object.keys(t).length > 0;
  };
  if (named(severity)) return severity;
  const i = SEVERITIES.indexOf(severity);
  for (const s of SEVERITIES.slice(i + 1)) if (named(s)) return s;
  for (const s of SEVERITIES.slice(0, i).reverse()) if (named(s)) return s;
  return undefined;
}

function levelsApply(
  levels: ServiceLevels,
  agreement: Agreement,
  product: string,
  territory: string,
): boolean {
  const products = levels.products ?? agreement.scope?.products;
  if (products && !products.includes(product)) return false;
  const areas = levels.territory ?? agreement.scope?.territory;
  if (areas && !areas.some((a) => territoryWithin(territory, a))) return false;
  return true;
}

/** The clocks an agreement's service levels start for a case of this severity on this unit. */
export function planClocks(
  agreement: Agreement,
  side: ClockSide,
  facts: { severity: Severity; product: string; territory: string },
): ClockPlan[] {
  return (agreement.service_levels ?? [])
    .filter((levels) => levelsApply(levels, agreement, facts.product, facts.territory))
    .flatMap((levels) => plansOf(agreement, levels, side, facts.severity));
}

/**
 * The customer-facing agreement in force on `date` whose service levels are marked `default`:
 * what holds a case without a unit (an inquiry by phone). The first by id when several are, so the
 * choice does not depend on the order they were imported in (`terms check` names the tenant with none).
 */
export function defaultLevelsAgreement(
  agreements: readonly Agreement[],
  date: string,
): Agreement | undefined {
  return versionsInForce(agreements, date)
    .filter((a) => CUSTOMER_FACING.has(a.kind) && (a.service_levels ?? []).some((l) => l.default))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))[0];
}

/** The promise clocks of the agreement's default service levels for a case without a unit, whatever its scope. */
export function planDefaultClocks(agreement: Agreement, severity: Severity): ClockPlan[] {
  return (agreement.service_levels ?? [])
    .filter((levels) => levels.default)
    .flatMap((levels) => plansOf(agreement, levels, 'promise', severity));
}

function plansOf(
  agreement: Agreement,
  levels: ServiceLevels,
  side: ClockSide,
  severity: Severity,
): ClockPlan[] {
  const used = severityFor(levels, severity);
  if (!used) return [];
  const targets = levels.targets?.[used] ?? {};
  const plans: ClockPlan[] = [];
  for (const target of ['response', 'onsite', 'resolution'] as const) {
    const duration = targets[target];
    if (!duration) continue;
    plans.push({
      side,
      agreement: { id: agreement.id, version: agreement.version },
      owedBy: agreement.provider,
      ref: levels.ref ?? null,
      target,
      duration,
      clock: levels.clock ?? 'business',
      calendar: levels.calendar ?? null,
      pauseWhile: levels.pause_while ?? [],
      severityUsed: used,
    });
  }
  return plans;
}

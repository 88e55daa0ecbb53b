import { type Agreement, CUSTOMER_FACING, inForceOn, type UnitFacts } from '../terms/index.ts';
import { addToDate, daysBetween, duration } from '../time/index.ts';
import { territoryWithin } from '../unit/index.ts';

export interface MaintenanceRule {
  ref: string;
  every: string;
  grace: string | null;
}

/** The maintenance conditions (`require: maintenance_every`) of an agreement's cover. */
export function maintenanceRules(a: Agreement): MaintenanceRule[] {
  return (a.coverage?.conditions ?? []).flatMap((c, i) =>
    c.require === 'maintenance_every' && c.every
      ? [{ ref: c.ref ?? `coverage.conditions[${i}]`, every: c.every, grace: c.grace ?? null }]
      : [],
  );
}

export interface PlanDates {
  /** The day the next maintenance is due: the last one (or the cover start) plus the interval. */
  nextDueOn: string;
  /** The last day it may be done before the cover is suspended: the due day plus the tolerance. */
  suspendsAfter: string;
}

/** When the next maintenance falls due, counted from the last one done, or from the cover start. */
export function planDates(rule: MaintenanceRule, basis: string): PlanDates {
  const nextDueOn = addToDate(basis, duration(rule.every));
  return { nextDueOn, suspendsAfter: rule.grace ? addToDate(nextDueOn, duration(rule.grace)) : nextDueOn };
}

/** Days ahead of the due day the customer is reminded, and of the suspension day warned. */
export const REMINDER_DAYS = 30;
export const WARNING_DAYS = 7;

export type MaintenanceNotice = 'reminder' | 'warning';

/**
 * Which notice is owed today for a plan, if any: a reminder from 30 days before the due day; a
 * warning from 7 days before the cover would be suspended, until that day. Each once per due day.
 */
export function noticeDue(
  plan: PlanDates & { remindedFor: string | null; warnedFor: string | null },
  today: string,
): MaintenanceNotice | null {
  if (today > plan.suspendsAfter) return null;
  if (daysBetween(today, plan.suspendsAfter) <= WARNING_DAYS && plan.warnedFor !== plan.nextDueOn)
    return 'warning';
  if (daysBetween(today, plan.nextDueOn) <= REMINDER_DAYS && plan.remindedFor !== plan.nextDueOn)
    return 'reminder';
  return null;
}

export interface PlannedMaintenance extends MaintenanceRule, PlanDates {
  agreementId: string;
  agreementVersion: number;
  /** The day counted from: the last maintenance, or the cover start. */
  basis: string;
}

/**
 * The maintenance plans of a unit from the customer-facing terms in force today that cover its
 * product and territory: one per maintenance condition, due `every` after the last maintenance
 * (or after the cover start: installation for the chiller), suspended after the tolerance. A unit
 * whose cover start is not recorded has no plan yet (nothing to count from).
 */
export function plansFor(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  today: string,
): PlannedMaintenance[] {
  const newest = new Map<string, Agreement>();
  for (const a of agreements) {
    if (!CUSTOMER_FACING.has(a.kind) || !inForceOn(a, today)) continue;
    if (a.scope?.products && !a.scope.products.includes(unit.product)) continue;
    if (a.scope?.territory && !a.scope.territory.some((t) => territoryWithin(unit.territory, t))) continue;
    const seen = newest.get(a.id);
    if (!seen || seen.version < a.version) newest.set(a.id, a);
  }
  const out: PlannedMaintenance[] = [];
  for (const a of newest.values()) {
    const event = a.coverage?.starts_at ?? 'sale';
    const start =
      event === 'installation'
        ? unit.installed_at
        : event === 'delivery'
          ? unit.delivered_at
          : event === 'registration'
            ? unit.registered_at
            : unit.sold_at;
    if (!start) continue;
    const last = (unit.maintained_at ?? [])
      .filter((d) => d >= start)
      .sort()
      .at(-1);
    const basis = last ?? start;
    for (const rule of maintenanceRules(a))
      out.push({ ...rule, ...planDates(rule, basis), agreementId: a.id, agreementVersion: a.version, basis });
  }
  return out;
}

import type { Agreement } from '../terms/index.ts';
import { type ClockPlan, planClocks, type Severity } from './case.ts';

/**
 * Every promise clock a case on this unit is offered, in the order of precedence: the governing
 * agreement's service levels first (the warranty, as before contracts counted), then each
 * contract's in force (`levelsContracts`: the owner's service contracts, then those sold to the
 * serial). An agreement offered twice (a service contract that is also the governing one) counts once.
 */
export function offeredPromises(
  governing: Agreement | undefined,
  contracts: readonly Agreement[],
  facts: { severity: Severity; product: string; territory: string },
): ClockPlan[] {
  const seen = new Set<string>();
  const plans: ClockPlan[] = [];
  for (const agreement of [...(governing ? [governing] : []), ...contracts]) {
    const key = `${agreement.id}@${agreement.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    plans.push(...planClocks(agreement, 'promise', facts));
  }
  return plans;
}

/** A promise clock offered to a case, with the deadline it would have if started now (null: not yet known). */
export interface PromiseOffer {
  plan: ClockPlan;
  /** Epoch seconds; null while the calendar's year is not loaded (the deadline is pending). */
  dueAt: number | null;
}

/**
 * Which of several agreements' promises a case keeps, per clock kind (response, on-site,
 * resolution): **the most favourable to the customer — the one due first** from the case's
 * opening, each counted on its own clock and calendar. Deadlines, not durations, are compared,
 * because clocks count differently: 4 business hours from a Friday evening fall due after 24
 * hours around the clock, while 2 business hours on a Monday morning fall due before 4 hours
 * around the clock; only the deadline says which the customer gets sooner.
 *
 * - The kind is kept from one agreement only, with all its clocks of that kind (an agreement whose
 *   several service-level blocks apply keeps them as before): the customer is promised one thing
 *   per kind, and the clause cited is the one that promised it.
 * - Ties, and kinds whose deadlines cannot be told yet (a calendar year not loaded), go to the
 *   first in precedence (the governing agreement), so the clocks without a contract, and with a
 *   contract that promises nothing sooner, are exactly what they were. A deadline that can be told
 *   wins over one that cannot.
 * - Other sides (the partner's commitments) are not compared here.
 *
 * Pure; the offers' order is the precedence. The kept offers are returned in the order given.
 */
export function keptPromises<T extends PromiseOffer>(offers: readonly T[]): T[] {
  // For each clock kind, each agreement's soonest deadline, agreements in their first-offered order.
  const best = new Map<string, Map<string, number | null>>();
  for (const o of offers) {
    const kind = kindOf(o.plan);
    const byAgreement = best.get(kind) ?? new Map<string, number | null>();
    best.set(kind, byAgreement);
    const agreement = agreementOf(o.plan);
    const was = byAgreement.get(agreement);
    byAgreement.set(agreement, sooner(was ?? null, o.dueAt));
  }
  const winner = new Map<string, string>();
  for (const [kind, byAgreement] of best) {
    let chosen: [string, number | null] | undefined;
    for (const entry of byAgreement) {
      if (!chosen || (entry[1] !== null && (chosen[1] === null || entry[1] < chosen[1]))) chosen = entry;
    }
    if (chosen) winner.set(kind, chosen[0]);
  }
  return offers.filter((o) => winner.get(kindOf(o.plan)) === agreementOf(o.plan));
}

const kindOf = (plan: ClockPlan) => `${plan.side}|${plan.target}`;
const agreementOf = (plan: ClockPlan) => `${plan.agreement.id}@${plan.agreement.version}`;
const sooner = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/**
 * What a repair charges for labor and travel when it is completed, at the service partner's rates.
 * Parts are charged line by line by the repair itself; the labor and travel of a covered repair are
 * the partner's claim, decided when the partner files it (domain/claims).
 */
import { prorate, toMinor } from '../ledger/index.ts';
import type { Agreement, EntitlementDecision } from '../terms/index.ts';

export interface RepairCharge {
  kind: 'labor' | 'travel';
  /**
   * Who bears it, as the decision names them: `labor` or `travel` (the decision's payer of that
   * item), or `travel_beyond` (the payer of the kilometres beyond a split's limit).
   */
  bearer: 'labor' | 'travel' | 'travel_beyond';
  amountMinor: number;
  currency: string;
  ref: string | null;
  /** What was charged, in English, without the repair's number. */
  what: string;
}

/**
 * - An uncovered repair: the customer pays the minutes worked at the hourly labor rate and the
 *   kilometres driven at the travel rate.
 * - A covered repair whose terms split travel by distance (PureAir §8: the provider up to 50 km, the
 *   customer beyond): the kilometres beyond the limit, at the travel rate, citing the costs clause.
 */
export function repairCharges(
  decision: Pick<EntitlementDecision, 'covered' | 'payers' | 'cites' | 'rests_on'>,
  partner: Pick<Agreement, 'compensation' | 'currency'> | undefined,
  work: { laborMinutes: number; km: number },
): RepairCharge[] {
  const comp = partner?.compensation;
  if (!comp) return [];
  const currency = partner.currency ?? 'CNY';
  const charges: RepairCharge[] = [];
  if (!decision.covered) {
    const ref = decision.cites[0] ?? null;
    if (comp.labor) {
      charges.push({
        kind: 'labor',
        bearer: 'labor',
        amountMinor: prorate(toMinor(comp.labor.rate, currency), work.laborMinutes, 60),
        currency,
        ref,
        what: `Labor ${work.laborMinutes} min`,
      });
    }
    if (comp.travel) {
      charges.push({
        kind: 'travel',
        bearer: 'travel',
        amountMinor: prorate(toMinor(comp.travel.rate, currency), work.km, 1),
        currency,
        ref,
        what: `Travel ${work.km} km`,
      });
    }
    return charges;
  }
  const split = decision.payers.travel;
  if (
    typeof split === 'object' &&
    split.up_to_km !== undefined &&
    split.beyond &&
    comp.travel &&
    work.km > split.up_to_km
  ) {
    const beyondKm = work.km - split.up_to_km;
    charges.push({
      kind: 'travel',
      bearer: 'travel_beyond',
      amountMinor: prorate(toMinor(comp.travel.rate, currency), beyondKm, 1),
      currency,
      ref: decision.rests_on.find((c) => c.role === 'costs')?.ref ?? null,
      what: `Travel beyond ${split.up_to_km} km (${beyondKm} km)`,
    });
  }
  return charges;
}

/**
 * Paid repairs and contracts in exact money: integer minor units, rounded half up once per sum.
 * Pure: prices, quantities and dates come in; nothing is read from a clock or a database.
 */
import { addToDate, duration } from '../time/index.ts';

export type PriceKind = 'part' | 'labor' | 'travel';
export type PricePer = 'piece' | 'hour' | 'km' | 'visit';

export interface PriceItem {
  itemKey: string;
  kind: PriceKind;
  name: { en: string; zh: string };
  per: PricePer;
  priceMinor: number;
  currency: string;
  taxRatePercent: number;
}

/** One line of a quote or invoice: a price list item times a quantity (minutes for labour by the hour). */
export interface MoneyLine {
  itemKey: string;
  kind: PriceKind;
  name: { en: string; zh: string };
  /** Pieces, kilometres, visits; for labour priced per hour, minutes. */
  quantity: number;
  per: PricePer;
  unitPriceMinor: number;
  netMinor: number;
  taxRatePercent: number;
  /** Where the line comes from: the standard time's operation, the failed part category. */
  basis: string | null;
}

export interface RateTotal {
  taxRatePercent: number;
  netMinor: number;
  taxMinor: number;
}

export interface Totals {
  lines: MoneyLine[];
  byRate: RateTotal[];
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** a × b / c rounded half up, exact in BigInt. */
function mulDiv(a: number, b: number, c: number): number {
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return Number((n * 2n + d) / (2n * d));
}

/** A line's net amount: labour per hour counts its minutes; everything else its quantity. */
export function lineOf(item: PriceItem, quantity: number, basis: string | null = null): MoneyLine {
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new RangeError('a quantity is a positive whole number');
  const netMinor = item.per === 'hour' ? mulDiv(item.priceMinor, quantity, 60) : item.priceMinor * quantity;
  return {
    itemKey: item.itemKey,
    kind: item.kind,
    name: item.name,
    quantity,
    per: item.per,
    unitPriceMinor: item.priceMinor,
    netMinor,
    taxRatePercent: item.taxRatePercent,
    basis,
  };
}

/**
 * The totals of some lines: net per tax rate, the tax of each rate computed once on its net (as a
 * fapiao shows amounts by rate), and the grand total.
 */
export function totalsOf(lines: readonly MoneyLine[]): Totals {
  const rates = new Map<number, number>();
  for (const l of lines) rates.set(l.taxRatePercent, (rates.get(l.taxRatePercent) ?? 0) + l.netMinor);
  const byRate = [...rates.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRatePercent, netMinor]) => ({
      taxRatePercent,
      netMinor,
      taxMinor: mulDiv(netMinor, taxRatePercent, 100),
    }));
  const netMinor = byRate.reduce((s, r) => s + r.netMinor, 0);
  const taxMinor = byRate.reduce((s, r) => s + r.taxMinor, 0);
  return { lines: [...lines], byRate, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
}

/** A date `days` later (earlier when negative). */
export function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (dates; `to` exclusive). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The refund when a contract is cancelled on `cancelledOn` (its cover ends the day before): the
 * price of the unused days when the plan refunds pro rata, nothing when it does not; all of it
 * when cancelled before the start.
 */
export function cancellationRefund(
  priceMinor: number,
  startsOn: string,
  endsOn: string,
  cancelledOn: string,
  rule: 'pro_rata' | 'none',
): number {
  if (rule === 'none') return 0;
  const total = daysBetween(startsOn, endsOn) + 1;
  if (cancelledOn <= startsOn) return priceMinor;
  const unused = Math.max(0, daysBetween(cancelledOn, endsOn) + 1);
  return mulDiv(priceMinor, unused, total);
}

/** What an invoice is: owed, settled, or refunded, from its total and the net of payments and refunds. */
export function invoiceState(
  totalMinor: number,
  paidMinor: number,
  refundedAny: boolean,
): 'open' | 'settled' | 'refunded' {
  if (refundedAny && paidMinor <= 0) return 'refunded';
  return paidMinor >= totalMinor ? 'settled' : 'open';
}

export interface PlanTerm {
  /** The last day the unit's warranty covers in general ("covered through"); null when it has none. */
  warrantyLastDay: string | null;
  termMonths: number;
  today: string;
}

/**
 * When an extended warranty bought `today` runs: from the day after the warranty's last day, for
 * the plan's term. It may be bought only while the warranty runs (the rule: "before the
 * warranty ends"); the answer says why not otherwise.
 */
export function extendedTerm(
  t: PlanTerm,
): { startsOn: string; endsOn: string } | { refused: 'warranty_ended' | 'no_warranty' } {
  if (t.warrantyLastDay === null) return { refused: 'no_warranty' };
  if (t.today > t.warrantyLastDay) return { refused: 'warranty_ended' };
  const startsOn = shiftDays(t.warrantyLastDay, 1);
  const end = addToDate(startsOn, duration(`P${t.termMonths}M`));
  return { startsOn, endsOn: shiftDays(end, -1) };
}

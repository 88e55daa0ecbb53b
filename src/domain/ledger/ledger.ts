/**
 * The cost ledger: every cost with its amount, bearer (who pays), payee (who is paid, when anyone
 * outside the bearer is) and the clause that assigns it. A statement for a party and a period says
 * what it bore, what it is owed and by whom, and what it owes and to whom.
 */
import { keysOf } from '../label.ts';
import { COST_KIND_LABELS } from './labels.ts';
import { sumMinor } from './money.ts';

export type CostKind = keyof typeof COST_KIND_LABELS;
export const COST_KINDS = keysOf(COST_KIND_LABELS);

export interface CostLine {
  id: string;
  kind: CostKind;
  amountMinor: number;
  currency: string;
  caseNumber: string | null;
  source: { type: string; id: string | null };
  bearer: string;
  payee: string | null;
  ref: string | null;
  agreement: { id: string; version: number } | null;
  description: string;
  occurredOn: string;
}

export interface Counterparty {
  party: string;
  currency: string;
  amountMinor: number;
  lines: number;
}

export interface StatementTotals {
  currency: string;
  kind: CostKind;
  amountMinor: number;
  lines: number;
}

export interface Statement {
  party: string;
  from: string;
  to: string;
  /** What the party bore, per currency and kind (its own costs and what it pays others). */
  bore: StatementTotals[];
  /** What others owe the party, per party and currency. */
  owedBy: Counterparty[];
  /** What the party owes others, per party and currency. */
  owesTo: Counterparty[];
  lines: CostLine[];
}

/** Code-unit order: dates, ids, keys and currency codes are ASCII; no locale rules needed. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The lines of one party in a period (dates inclusive), sorted by date, and their totals. */
export function buildStatement(
  lines: readonly CostLine[],
  party: string,
  from: string,
  to: string,
): Statement {
  const mine = lines
    .filter((l) => l.occurredOn >= from && l.occurredOn <= to && (l.bearer === party || l.payee === party))
    .sort((a, b) => cmp(a.occurredOn, b.occurredOn) || cmp(a.id, b.id));
  const bore = new Map<string, { currency: string; kind: CostKind; values: number[] }>();
  const owedBy = new Map<string, { party: string; currency: string; values: number[] }>();
  const owesTo = new Map<string, { party: string; currency: string; values: number[] }>();
  const add = <T extends { values: number[] }>(
    map: Map<string, T>,
    key: string,
    make: () => T,
    v: number,
  ) => {
    let entry = map.get(key);
    if (!entry) {
      entry = make();
      map.set(key, entry);
    }
    entry.values.push(v);
  };
  for (const l of mine) {
    if (l.bearer === party) {
      add(
        bore,
        `${l.currency}|${l.kind}`,
        () => ({ currency: l.currency, kind: l.kind, values: [] }),
        l.amountMinor,
      );
      if (l.payee && l.payee !== party) {
        const payee = l.payee;
        add(
          owesTo,
          `${payee}|${l.currency}`,
          () => ({ party: payee, currency: l.currency, values: [] }),
          l.amountMinor,
        );
      }
    } else if (l.payee === party) {
      add(
        owedBy,
        `${l.bearer}|${l.currency}`,
        () => ({ party: l.bearer, currency: l.currency, values: [] }),
        l.amountMinor,
      );
    }
  }
  const counter = (m: Map<string, { party: string; currency: string; values: number[] }>) =>
    [...m.values()]
      .map((e) => ({
        party: e.party,
        currency: e.currency,
        amountMinor: sumMinor(e.values),
        lines: e.values.length,
      }))
      .sort((a, b) => cmp(a.party, b.party) || cmp(a.currency, b.currency));
  return {
    party,
    from,
    to,
    bore: [...bore.values()]
      .map((e) => ({
        currency: e.currency,
        kind: e.kind,
        amountMinor: sumMinor(e.values),
        lines: e.values.length,
      }))
      .sort((a, b) => cmp(a.currency, b.currency) || cmp(a.kind, b.kind)),
    owedBy: counter(owedBy),
    owesTo: counter(owesTo),
    lines: mine,
  };
}

/**
 * How a travel distance is borne when the terms split it by kilometres (`up_to_km`, `beyond`):
 * the first `up_to_km` by the bearer, the rest by the other party. Amounts are split by distance.
 */
export function splitByDistance(
  amountMinor: number,
  km: number,
  split: { bearer: string; up_to_km?: number; beyond?: string },
): { bearer: string; amountMinor: number; km: number }[] {
  if (split.up_to_km === undefined || split.beyond === undefined || km <= split.up_to_km || km === 0) {
    return [{ bearer: split.bearer, amountMinor, km }];
  }
  const first = Math.floor((amountMinor * split.up_to_km) / km);
  return [
    { bearer: split.bearer, amountMinor: first, km: split.up_to_km },
    { bearer: split.beyond, amountMinor: amountMinor - first, km: km - split.up_to_km },
  ];
}

import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { type MoneyLine, QUOTE_STATE_LABELS, type RateTotal } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { type ContractTables, type Database, readJson } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { money, QUOTE_NOT_FOUND } from './support.ts';

export type QuoteRow = Selectable<ContractTables['quotes']>;

export interface MoneyLineView {
  itemKey: string;
  kind: string;
  name: Label;
  quantity: number;
  per: string;
  unitPrice: string;
  net: string;
  taxRatePercent: number;
  basis: string | null;
}

export interface QuoteView {
  id: string;
  number: string;
  caseId: string;
  state: string;
  stateName: Label;
  currency: string;
  lines: MoneyLineView[];
  byRate: { taxRatePercent: number; net: string; tax: string }[];
  net: string;
  tax: string;
  total: string;
  /** The work waits for the customer's acceptance, by this clause of the terms. */
  blocksWork: boolean;
  blockRef: string | null;
  sentAt: string;
  decidedAt: string | null;
  declineReason: string | null;
}

export const lineViews = (lines: MoneyLine[], currency: string): MoneyLineView[] =>
  lines.map((l) => ({
    itemKey: l.itemKey,
    kind: l.kind,
    name: l.name,
    quantity: l.quantity,
    per: l.per,
    unitPrice: money(l.unitPriceMinor, currency),
    net: money(l.netMinor, currency),
    taxRatePercent: l.taxRatePercent,
    basis: l.basis,
  }));

export const rateViews = (rates: RateTotal[], currency: string) =>
  rates.map((r) => ({
    taxRatePercent: r.taxRatePercent,
    net: money(r.netMinor, currency),
    tax: money(r.taxMinor, currency),
  }));

export function toQuoteView(r: QuoteRow): QuoteView {
  const body = readJson(r.lines) as { lines: MoneyLine[]; byRate: RateTotal[] };
  return {
    id: r.quote_id,
    number: r.number,
    caseId: r.case_id,
    state: r.state,
    stateName: QUOTE_STATE_LABELS[r.state],
    currency: r.currency,
    lines: lineViews(body.lines, r.currency),
    byRate: rateViews(body.byRate, r.currency),
    net: money(r.net_minor, r.currency),
    tax: money(r.tax_minor, r.currency),
    total: money(r.total_minor, r.currency),
    blocksWork: r.blocks_work,
    blockRef: r.block_ref,
    sentAt: new Date(r.sent_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    declineReason: r.decline_reason,
  };
}

/**
 * Quotes the actor sees: staff all; the customer its own; the service partner those of the cases
 * it is assigned. Anyone else: not found.
 */
export function visibleQuotes(db: Kysely<Database>, actor: Actor) {
  let q = db
    .selectFrom('quotes')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'quotes.tenant_id').onRef('cases.case_id', '=', 'quotes.case_id'),
    )
    .where('quotes.tenant_id', '=', actor.tenantId);
  const v = visibilityOf(actor);
  if (v.kind === 'party') {
    q = q.where((eb) =>
      eb.or([eb('quotes.customer_party_id', '=', v.partyId), eb('cases.service_party_id', '=', v.partyId)]),
    );
  }
  return q;
}

export async function loadVisibleQuote(
  db: Kysely<Database>,
  actor: Actor,
  quoteId: string,
): Promise<QuoteRow> {
  const row = await visibleQuotes(db, actor)
    .selectAll('quotes')
    .where('quotes.quote_id', '=', quoteId)
    .executeTakeFirst();
  if (!row) throw notFound(QUOTE_NOT_FOUND);
  return row;
}

import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import {
  FAPIAO_TYPE_LABELS,
  INVOICE_STATE_LABELS,
  invoiceState,
  type MoneyLine,
  PAYMENT_KIND_LABELS,
  type RateTotal,
} from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { type ContractTables, type Database, readJson } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { lineViews, type MoneyLineView, rateViews } from './quote-view.ts';
import { day, INVOICE_NOT_FOUND, money } from './support.ts';

export type InvoiceRow = Selectable<ContractTables['invoices']>;

export interface Fapiao {
  /** 发票抬头: the buyer's name as the fapiao carries it. */
  title: string;
  /** 纳税人识别号: the buyer's taxpayer id (a business's unified social credit code); none for a person. */
  taxId: string | null;
  type: 'general' | 'special';
}

export interface InvoiceView {
  id: string;
  number: string;
  caseId: string | null;
  quoteId: string | null;
  customer: string;
  currency: string;
  lines: MoneyLineView[];
  byRate: { taxRatePercent: number; net: string; tax: string }[];
  net: string;
  tax: string;
  total: string;
  paid: string;
  owed: string;
  state: string;
  stateName: Label;
  fapiao: Fapiao & { typeName: Label };
  issuedOn: string;
  payments: {
    kind: string;
    kindName: Label;
    amount: string;
    method: string;
    reference: string;
    receivedOn: string;
  }[];
}

/** Invoices the actor sees: staff all; a party only those addressed to it. */
export function visibleInvoices(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('invoices').where('invoices.tenant_id', '=', actor.tenantId);
  const v = visibilityOf(actor);
  if (v.kind === 'party') q = q.where('invoices.customer_party_id', '=', v.partyId);
  return q;
}

export async function loadVisibleInvoice(
  db: Kysely<Database>,
  actor: Actor,
  invoiceId: string,
): Promise<InvoiceRow> {
  const row = await visibleInvoices(db, actor)
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  if (!row) throw notFound(INVOICE_NOT_FOUND);
  return row;
}

export async function toInvoiceViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: readonly InvoiceRow[],
): Promise<InvoiceView[]> {
  if (rows.length === 0) return [];
  const payments = await db
    .selectFrom('invoice_payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(
      'invoice_id',
      'in',
      rows.map((r) => r.invoice_id),
    )
    .orderBy('created_at')
    .execute();
  const parties = await db
    .selectFrom('parties')
    .select(['party_id', 'key'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', 'in', [...new Set(rows.map((r) => r.customer_party_id))])
    .execute();
  return rows.map((r) => {
    const body = readJson(r.lines) as { lines: MoneyLine[] };
    const byRate = readJson(r.by_rate) as RateTotal[];
    const fapiao = readJson(r.fapiao) as Fapiao;
    const mine = payments.filter((p) => p.invoice_id === r.invoice_id);
    const paid = Number(r.paid_minor);
    const state = invoiceState(
      Number(r.total_minor),
      paid,
      mine.some((p) => p.kind === 'refund'),
    );
    return {
      id: r.invoice_id,
      number: r.number,
      caseId: r.case_id,
      quoteId: r.quote_id,
      customer: parties.find((p) => p.party_id === r.customer_party_id)?.key ?? '',
      currency: r.currency,
      lines: lineViews(body.lines, r.currency),
      byRate: rateViews(byRate, r.currency),
      net: money(r.net_minor, r.currency),
      tax: money(r.tax_minor, r.currency),
      total: money(r.total_minor, r.currency),
      paid: money(paid, r.currency),
      owed: money(Math.max(0, Number(r.total_minor) - paid), r.currency),
      state,
      stateName: INVOICE_STATE_LABELS[state],
      fapiao: { ...fapiao, typeName: FAPIAO_TYPE_LABELS[fapiao.type] },
      issuedOn: day(r.issued_on),
      payments: mine.map((p) => ({
        kind: p.kind,
        kindName: PAYMENT_KIND_LABELS[p.kind],
        amount: money(p.amount_minor, r.currency),
        method: p.method,
        reference: p.reference,
        receivedOn: day(p.received_on),
      })),
    };
  });
}

import type { Actor } from '../../domain/access/index.ts';
import {
  isCreditCode,
  type MoneyLine,
  normalCreditCode,
  type RateTotal,
} from '../../domain/contract/index.ts';
import { readJson } from '../../store/schema.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { type Fapiao, type InvoiceView, loadVisibleInvoice, toInvoiceViews } from './invoice-view.ts';
import { loadVisibleQuote } from './quote-view.ts';
import { tenantToday } from './support.ts';

/**
 * The invoice of an accepted quote, with the fapiao data recorded for the customer (title, tax id,
 * general or special VAT fapiao) and the amounts by tax rate as the quote priced them. A special
 * fapiao needs the buyer's tax id. Staff only; one invoice per quote.
 */
export async function issueInvoice(
  deps: AppDeps,
  actor: Actor,
  input: {
    quoteId: string;
    fapiao: { title: string; taxId?: string | undefined; type: 'general' | 'special' };
  },
): Promise<InvoiceView> {
  requireStaffWriter(actor);
  const q = await loadVisibleQuote(deps.db, actor, input.quoteId);
  if (q.state !== 'accepted') throw new AppError('invalid_transition');
  const taxId = normalCreditCode(input.fapiao.taxId ?? '') || null;
  if (taxId && !isCreditCode(taxId)) {
    throw invalid([
      { path: '/body/fapiao/taxId', message: 'a taxpayer id is the 18-character unified social credit code' },
    ]);
  }
  if (input.fapiao.type === 'special' && !taxId) {
    throw invalid([
      { path: '/body/fapiao/taxId', message: 'a special VAT fapiao needs the buyer’s taxpayer id' },
    ]);
  }
  const existing = await deps.db
    .selectFrom('invoices')
    .select('invoice_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('quote_id', '=', q.quote_id)
    .executeTakeFirst();
  if (existing) throw new AppError('invalid_transition');
  const fapiao: Fapiao = { title: input.fapiao.title.trim(), taxId, type: input.fapiao.type };
  const body = readJson(q.lines) as { lines: MoneyLine[]; byRate: RateTotal[] };
  const today = await tenantToday(deps, actor.tenantId);
  const invoiceId = deps.newId();
  await inTransaction(deps, async (trx) => {
    const number = await nextNumber(trx, actor.tenantId, 'invoice', 'INV');
    await trx
      .insertInto('invoices')
      .values({
        tenant_id: actor.tenantId,
        invoice_id: invoiceId,
        number,
        case_id: q.case_id,
        quote_id: q.quote_id,
        customer_party_id: q.customer_party_id,
        currency: q.currency,
        lines: JSON.stringify({ lines: body.lines }),
        by_rate: JSON.stringify(body.byRate),
        net_minor: q.net_minor,
        tax_minor: q.tax_minor,
        total_minor: q.total_minor,
        fapiao: JSON.stringify(fapiao),
        issued_on: today,
        created_at: deps.now(),
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'invoice.issued',
      subject: { type: 'case', id: q.case_id },
      payload: {
        invoice: number,
        quote: q.number,
        currency: q.currency,
        byRate: body.byRate,
        totalMinor: Number(q.total_minor),
        fapiao,
      },
      personal: { partyId: q.customer_party_id, fields: ['fapiao'] },
    });
  });
  return (
    await toInvoiceViews(deps.db, actor.tenantId, [await loadVisibleInvoice(deps.db, actor, invoiceId)])
  )[0]!;
}

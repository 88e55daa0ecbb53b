import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type InvoiceView, loadVisibleInvoice, toInvoiceViews, visibleInvoices } from './invoice-view.ts';
import { loadVisibleQuote, type QuoteView, toQuoteView, visibleQuotes } from './quote-view.ts';

/** The invoices the actor sees, of one case or all, newest first (`invoices_by_customer` for a party). */
export async function listInvoices(
  deps: AppDeps,
  actor: Actor,
  filter: { caseId?: string | undefined; limit: number },
): Promise<{ items: InvoiceView[] }> {
  let q = visibleInvoices(deps.db, actor).selectAll();
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
  const rows = await q.orderBy('issued_on', 'desc').orderBy('number', 'desc').limit(filter.limit).execute();
  return { items: await toInvoiceViews(deps.db, actor.tenantId, rows) };
}

export async function showInvoice(deps: AppDeps, actor: Actor, invoiceId: string): Promise<InvoiceView> {
  return (
    await toInvoiceViews(deps.db, actor.tenantId, [await loadVisibleInvoice(deps.db, actor, invoiceId)])
  )[0]!;
}

/** The quotes the actor sees, of one case or all, newest first. */
export async function listQuotes(
  deps: AppDeps,
  actor: Actor,
  filter: { caseId?: string | undefined; limit: number },
): Promise<{ items: QuoteView[] }> {
  let q = visibleQuotes(deps.db, actor).selectAll('quotes');
  if (filter.caseId) q = q.where('quotes.case_id', '=', filter.caseId);
  const rows = await q.orderBy('quotes.sent_at', 'desc').limit(filter.limit).execute();
  return { items: rows.map(toQuoteView) };
}

export async function showQuote(deps: AppDeps, actor: Actor, quoteId: string): Promise<QuoteView> {
  return toQuoteView(await loadVisibleQuote(deps.db, actor, quoteId));
}

import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { type InvoiceView, toInvoiceViews } from './invoice-view.ts';
import { money } from './support.ts';

export interface CustomerStatement {
  party: string;
  /** Per currency: invoiced, paid (net of refunds), owed. */
  totals: { currency: string; invoiced: string; paid: string; owed: string }[];
  invoices: InvoiceView[];
  /** True when nothing is owed. */
  settled: boolean;
}

/**
 * What a customer owes and has settled: every invoice addressed to it (by `invoices_by_customer`),
 * with payments and refunds. A customer reads its own; staff any party's by key.
 */
export async function customerStatement(
  deps: AppDeps,
  actor: Actor,
  partyKey?: string | undefined,
): Promise<CustomerStatement> {
  const v = visibilityOf(actor);
  let partyId: string;
  let key: string;
  if (v.kind === 'party') {
    const own = await deps.db
      .selectFrom('parties')
      .select(['party_id', 'key'])
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', '=', v.partyId)
      .executeTakeFirstOrThrow();
    if (partyKey && partyKey !== own.key) throw notFound({ en: 'No such party.', zh: '未找到该方。' });
    partyId = own.party_id;
    key = own.key;
  } else {
    const p = await deps.db
      .selectFrom('parties')
      .select(['party_id', 'key'])
      .where('tenant_id', '=', actor.tenantId)
      .where('key', '=', partyKey ?? '')
      .executeTakeFirst();
    if (!p) throw notFound({ en: 'No such party.', zh: '未找到该方。' });
    partyId = p.party_id;
    key = p.key;
  }
  const rows = await deps.db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('customer_party_id', '=', partyId)
    .orderBy('issued_on')
    .execute();
  const sums = new Map<string, { invoiced: number; paid: number; owed: number }>();
  for (const r of rows) {
    const s = sums.get(r.currency) ?? { invoiced: 0, paid: 0, owed: 0 };
    s.invoiced += Number(r.total_minor);
    s.paid += Number(r.paid_minor);
    s.owed += Math.max(0, Number(r.total_minor) - Number(r.paid_minor));
    sums.set(r.currency, s);
  }
  const totals = [...sums.entries()].map(([currency, s]) => ({
    currency,
    invoiced: money(s.invoiced, currency),
    paid: money(s.paid, currency),
    owed: money(s.owed, currency),
  }));
  return {
    party: key,
    totals,
    invoices: await toInvoiceViews(deps.db, actor.tenantId, rows),
    settled: [...sums.values()].every((s) => s.owed === 0),
  };
}

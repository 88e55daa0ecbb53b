import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { lineOf, type MoneyLine, type PriceItem, totalsOf } from '../../domain/contract/index.ts';
import type { EntitlementDecision, ResolvedBearer } from '../../domain/terms/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleQuote, type QuoteView, toQuoteView } from './quote-view.ts';
import { money } from './support.ts';

/** The price list items a quote reads besides parts (by part number): labour per hour, travel per visit. */
export const LABOR_ITEM = 'labor-hour';
export const TRAVEL_ITEM = 'travel-visit';

const bearerKey = (b: ResolvedBearer | undefined) => (typeof b === 'string' ? b : b?.bearer);

/**
 * A quote for a paid repair, from the case's diagnosis: the failed part at the tenant's customer
 * price list (by the product's bill of parts), labour by the standard times of the product for
 * that part category (with the diagnosis) at the labour rate, and travel per visit when the work is
 * on site. Only the cost items the entitlement decision puts on the customer are quoted; a repair
 * the terms put wholly on the provider has nothing to quote. Sent to the customer through the
 * outbox; the work waits for acceptance (the terms' costs clause puts it on the customer).
 */
export async function createQuote(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { travel?: boolean | undefined },
): Promise<QuoteView> {
  const c = await loadVisibleCase(deps.db, actor, caseId);
  const staff = visibilityOf(actor).kind === 'tenant' && actor.role !== 'counsel';
  const assigned = c.service_party_id === actor.partyId && ['partner', 'technician'].includes(actor.role);
  if (!staff && !assigned) throw new AppError('forbidden');
  const decision = c.decision as EntitlementDecision | null;
  if (!c.unit_id || !c.failure || !decision) {
    throw invalid([
      { path: '/params/id', message: 'diagnose the failure first: a quote is priced from the diagnosis' },
    ]);
  }
  const t = actor.tenantId;
  const owner = await deps.db
    .selectFrom('parties')
    .select('key')
    .where('tenant_id', '=', t)
    .where('party_id', '=', c.customer_party_id)
    .executeTakeFirstOrThrow();
  const onCustomer = (item: string) => {
    const payer = bearerKey(decision.payers[item as keyof typeof decision.payers]);
    return payer === undefined ? !decision.covered : payer === owner.key;
  };
  const unit = await deps.db
    .selectFrom('units')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .select(['products.product_id', 'products.model'])
    .where('units.tenant_id', '=', t)
    .where('units.unit_id', '=', c.unit_id)
    .executeTakeFirstOrThrow();
  const partCategory = c.failure.partCategory;
  const part = await deps.db
    .selectFrom('product_parts')
    .select(['part_number', 'quantity'])
    .where('tenant_id', '=', t)
    .where('product_id', '=', unit.product_id)
    .where('part_category', '=', partCategory)
    .executeTakeFirst();
  const times = await deps.db
    .selectFrom('standard_times')
    .select(['operation', 'minutes', 'part_category'])
    .where('tenant_id', '=', t)
    .where('product_model', '=', unit.model)
    .where((eb) => eb.or([eb('part_category', '=', partCategory), eb('operation', '=', 'diagnose')]))
    .execute();
  const prices = await deps.db.selectFrom('price_list').selectAll().where('tenant_id', '=', t).execute();
  const item = (key: string): PriceItem | undefined => {
    const p = prices.find((x) => x.item_key === key);
    return p
      ? {
          itemKey: p.item_key,
          kind: p.kind,
          name: { en: p.name, zh: p.name_zh },
          per: p.per,
          priceMinor: Number(p.price_minor),
          currency: p.currency,
          taxRatePercent: p.tax_rate_percent,
        }
      : undefined;
  };
  const missing: string[] = [];
  const lines: MoneyLine[] = [];
  if (onCustomer('parts') && part) {
    const p = item(part.part_number);
    if (p) lines.push(lineOf(p, part.quantity, partCategory));
    else missing.push(part.part_number);
  }
  const minutes = times.reduce((s, x) => s + x.minutes, 0);
  if (onCustomer('labor') && minutes > 0) {
    const l = item(LABOR_ITEM);
    if (l) lines.push(lineOf(l, minutes, times.map((x) => x.operation).join(', ')));
    else missing.push(LABOR_ITEM);
  }
  if (onCustomer('travel') && (input.travel ?? c.kind === 'field_visit')) {
    const v = item(TRAVEL_ITEM);
    if (v) lines.push(lineOf(v, 1, null));
    else missing.push(TRAVEL_ITEM);
  }
  if (missing.length > 0) {
    throw invalid([
      { path: '/price-list', message: `the price list has no customer price for ${missing.join(', ')}` },
    ]);
  }
  if (lines.length === 0) {
    throw invalid([
      { path: '/params/id', message: 'nothing to quote: the terms put this repair’s costs on the provider' },
    ]);
  }
  const currencies = new Set(
    prices.filter((p) => lines.some((l) => l.itemKey === p.item_key)).map((p) => p.currency),
  );
  if (currencies.size !== 1)
    throw invalid([{ path: '/price-list', message: 'the quoted prices are in several currencies' }]);
  const currency = [...currencies][0]!;
  const totals = totalsOf(lines);
  const blockRef =
    decision.rests_on.find((r) => r.role === 'costs' && r.agreement === decision.agreement?.id)?.ref ??
    decision.rests_on.find((r) => r.role === 'costs')?.ref ??
    null;
  const quoteId = deps.newId();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const number = await nextNumber(trx, t, 'quote', 'Q');
    await trx
      .insertInto('quotes')
      .values({
        tenant_id: t,
        quote_id: quoteId,
        number,
        case_id: caseId,
        customer_party_id: c.customer_party_id,
        state: 'sent',
        currency,
        lines: JSON.stringify({ lines: totals.lines, byRate: totals.byRate }),
        net_minor: totals.netMinor,
        tax_minor: totals.taxMinor,
        total_minor: totals.totalMinor,
        blocks_work: true,
        block_ref: blockRef,
        sent_at: now,
        decided_at: null,
        decided_by_user_id: null,
        decline_reason: null,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'quote.sent',
      subject: { type: 'case', id: caseId },
      payload: {
        quote: number,
        currency,
        lines: totals.lines.map((l) => ({
          item: l.itemKey,
          quantity: l.quantity,
          netMinor: l.netMinor,
          taxRatePercent: l.taxRatePercent,
        })),
        byRate: totals.byRate,
        totalMinor: totals.totalMinor,
        blocksWork: true,
        blockRef,
        decision: { covered: decision.covered, reason: decision.reason, cites: decision.cites },
      },
    });
    await enqueueNotification(deps, trx, {
      tenantId: t,
      kind: 'quote_sent',
      caseId,
      recipientPartyId: c.customer_party_id,
      recipientRole: 'customer',
      subject: { en: `Quote ${number} for your repair`, zh: `维修报价 ${number}` },
      payload: { quoteNumber: number, total: `${currency} ${money(totals.totalMinor, currency)}` },
    });
  });
  return toQuoteView(await loadVisibleQuote(deps.db, actor, quoteId));
}

import type { Actor } from '../../domain/access/index.ts';
import type { PriceItem } from '../../domain/contract/index.ts';
import { type OrderLineInput, priceOrder } from '../../domain/repair-shop/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleOrder, type PartsOrderView, toOrderViews } from './parts-order-view.ts';
import { requireApprovedShop } from './support.ts';

/**
 * An approved shop orders parts by part number at the published customer prices; the lines and the
 * amounts by tax rate are priced as a quote's are and kept as priced (a later price change does not
 * move an order placed). A part not on the published list is refused by its number.
 */
export async function placePartsOrder(
  deps: AppDeps,
  actor: Actor,
  input: { lines: OrderLineInput[]; reference?: string | undefined },
): Promise<PartsOrderView> {
  await requireApprovedShop(deps.db, actor);
  const numbers = [...new Set(input.lines.map((l) => l.partNumber))];
  const rows = await deps.db
    .selectFrom('price_list')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('kind', '=', 'part')
    .where('item_key', 'in', numbers)
    .execute();
  const published = new Map<string, PriceItem>(
    rows.map((r) => [
      r.item_key,
      {
        itemKey: r.item_key,
        kind: r.kind,
        name: { en: r.name, zh: r.name_zh },
        per: r.per,
        priceMinor: Number(r.price_minor),
        currency: r.currency,
        taxRatePercent: r.tax_rate_percent,
      },
    ]),
  );
  const priced = priceOrder(input.lines, published);
  if (!priced.ok) {
    const missing = priced.refusals.filter((r) => r.reason === 'not_published');
    const fields = priced.refusals.map((r) => ({
      path: `/body/lines/${r.index}/partNumber`,
      message:
        r.reason === 'not_published'
          ? `${r.partNumber} is not on the published price list`
          : r.reason === 'repeated'
            ? `${r.partNumber} is ordered on an earlier line: one line per part`
            : `${r.partNumber} is priced in another currency than the order's first part`,
      messageZh:
        r.reason === 'not_published'
          ? `${r.partNumber} 不在已公布的价目表中`
          : r.reason === 'repeated'
            ? `${r.partNumber} 已在前面的行中订购：每种备件一行`
            : `${r.partNumber} 的价格币种与订单第一项不同`,
    }));
    if (missing.length === 0) throw invalid(fields);
    const names = missing.map((r) => r.partNumber).join(', ');
    throw new AppError('part_not_published', {
      detail: { en: `Not on the published price list: ${names}.`, zh: `不在已公布的价目表中：${names}。` },
      fields,
    });
  }
  const { totals, currency } = priced;
  const now = deps.now();
  const orderId = deps.newId();
  await inTransaction(deps, async (trx) => {
    const number = await nextNumber(trx, actor.tenantId, 'parts_order', 'PO');
    await trx
      .insertInto('parts_orders')
      .values({
        tenant_id: actor.tenantId,
        order_id: orderId,
        number,
        shop_party_id: actor.partyId,
        state: 'placed',
        currency,
        lines: JSON.stringify({ lines: totals.lines, byRate: totals.byRate }),
        net_minor: totals.netMinor,
        tax_minor: totals.taxMinor,
        total_minor: totals.totalMinor,
        shop_reference: input.reference?.trim() || null,
        placed_by_user_id: actor.userId,
        placed_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'parts_order.placed',
      subject: { type: 'party', id: actor.partyId },
      payload: {
        orderId,
        number,
        currency,
        lines: totals.lines.map((l) => ({
          partNumber: l.itemKey,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        })),
        totalMinor: totals.totalMinor,
      },
    });
  });
  return (await toOrderViews(deps.db, actor, [await loadVisibleOrder(deps.db, actor, orderId)]))[0]!;
}

import type { Actor } from '../../domain/access/index.ts';
import type { ShopStatus } from '../../domain/repair-shop/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { isStaff } from '../ledger/index.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { type ShopView, shopRows, toShopViews } from './shop-view.ts';

/**
 * The registrations with a status, oldest first (the queue the brand's staff approve from), read
 * by `repair_shops_by_status` a page at a time. Staff only.
 */
export async function listShops(
  deps: AppDeps,
  actor: Actor,
  query: { status: ShopStatus; limit: number; cursor?: string | undefined },
): Promise<Page<ShopView>> {
  if (!isStaff(actor)) throw new AppError('forbidden');
  const after = decodeCursor(query.cursor, ['instant', 'uuid']);
  let q = shopRows(deps.db, actor.tenantId).where('repair_shops.status', '=', query.status);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([
        eb('repair_shops.registered_at', '>', new Date(at)),
        eb.and([eb('repair_shops.registered_at', '=', new Date(at)), eb('repair_shops.party_id', '>', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('repair_shops.registered_at')
    .orderBy('repair_shops.party_id')
    .limit(query.limit + 1)
    .execute();
  const items = await toShopViews(deps.db, actor.tenantId, rows.slice(0, query.limit));
  return pageOf(rows, query.limit, items, (r) => [new Date(r.registered_at).toISOString(), r.party_id]);
}

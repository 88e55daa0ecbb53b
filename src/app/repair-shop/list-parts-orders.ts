import type { Actor } from '../../domain/access/index.ts';
import type { PartsOrderState } from '../../domain/repair-shop/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { isStaff } from '../ledger/index.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { loadVisibleOrder, type PartsOrderView, toOrderViews, visibleOrders } from './parts-order-view.ts';
import { requireApprovedShop } from './support.ts';

/**
 * Parts orders newest first. The brand's staff read the orders in one state (the queue:
 * `parts_orders_by_state`); a shop reads its own (`parts_orders_by_shop`), in any state or one;
 * any other party has none. A page at a time.
 */
export async function listPartsOrders(
  deps: AppDeps,
  actor: Actor,
  query: { state?: PartsOrderState | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<PartsOrderView>> {
  if (actor.role === 'repair_shop') await requireApprovedShop(deps.db, actor);
  const staff = isStaff(actor);
  if (staff && !query.state)
    throw new AppError('invalid_input', {
      fields: [{ path: '/querystring/state', message: 'the brand reads the orders one state at a time' }],
    });
  const after = decodeCursor(query.cursor, ['instant', 'uuid']);
  let q = visibleOrders(deps.db, actor).selectAll('parts_orders');
  if (query.state) q = q.where('state', '=', query.state);
  if (after) {
    const [at, id] = after as [string, string];
    q = q.where((eb) =>
      eb.or([
        eb('placed_at', '<', new Date(at)),
        eb.and([eb('placed_at', '=', new Date(at)), eb('order_id', '>', id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('placed_at', 'desc')
    .orderBy('order_id')
    .limit(query.limit + 1)
    .execute();
  const items = await toOrderViews(deps.db, actor, rows.slice(0, query.limit));
  return pageOf(rows, query.limit, items, (r) => [new Date(r.placed_at).toISOString(), r.order_id]);
}

/** One order: staff any, a shop its own; anyone else is told it does not exist. */
export async function showPartsOrder(deps: AppDeps, actor: Actor, id: string): Promise<PartsOrderView> {
  if (actor.role === 'repair_shop') await requireApprovedShop(deps.db, actor);
  return (await toOrderViews(deps.db, actor, [await loadVisibleOrder(deps.db, actor, id)]))[0]!;
}

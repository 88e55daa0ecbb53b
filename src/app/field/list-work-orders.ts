import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { toWorkOrderView, visibleWorkOrders, type WorkOrderView } from './work-order-view.ts';

export interface WorkOrderListItem extends WorkOrderView {
  /** The product's model and name in both languages. */
  product: { model: string; name: string; nameZh: string | null };
  customer: { name: string; nameZh: string | null };
  openedAt: string;
}

/**
 * Work orders by state, newest first (index `work_orders_by_state`): the installations and
 * maintenance orders a partner has to do (`open`) or has done (`completed`), the brand's staff all,
 * a customer those of its own units. At most `limit` (100).
 */
export async function listWorkOrders(
  deps: AppDeps,
  actor: Actor,
  filter: { state: 'open' | 'completed'; limit: number },
): Promise<WorkOrderListItem[]> {
  const rows = await visibleWorkOrders(deps.db, actor)
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'units.tenant_id')
        .onRef('parties.party_id', '=', 'units.owner_party_id'),
    )
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .selectAll('work_orders')
    .select([
      'units.serial',
      'parties.name as customer_name',
      'parties.name_zh as customer_name_zh',
      'products.model',
      'products.name as product_name',
      'products.name_zh as product_name_zh',
    ])
    .where('work_orders.state', '=', filter.state)
    .orderBy('work_orders.created_at', 'desc')
    .orderBy('work_orders.work_order_id')
    .limit(Math.min(filter.limit, 100))
    .execute();
  return rows.map((r) => ({
    ...toWorkOrderView(r),
    product: { model: r.model, name: r.product_name, nameZh: r.product_name_zh },
    customer: { name: r.customer_name, nameZh: r.customer_name_zh },
    openedAt: r.created_at.toISOString(),
  }));
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { type ProductView, withBillOfParts } from './product-view.ts';

/** The catalogue is the tenant's to show: every signed-in party may read it. */
export async function listProducts(
  deps: AppDeps,
  actor: Actor,
  filter: { limit: number; cursor?: string | undefined },
): Promise<Page<ProductView>> {
  const after = decodeCursor(filter.cursor, ['text']);
  let query = deps.db.selectFrom('products').selectAll().where('tenant_id', '=', actor.tenantId);
  if (after) query = query.where('model', '>', after[0]!);
  const rows = await query
    .orderBy('model')
    .limit(filter.limit + 1)
    .execute();
  const items = await withBillOfParts(deps.db, actor.tenantId, rows.slice(0, filter.limit));
  return pageOf(rows, filter.limit, items, (r) => [r.model]);
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type PlanView, toPlanView } from './plan-view.ts';

/** A tenant's catalogue of plans is short; a page this long holds any real one. */
export const PLANS_PAGE = 500;

/**
 * The plans on sale, by product then key: the catalogue a desk defines and a customer or
 * distributor may read before buying (what a unit may buy today is `planOffers`). Read through
 * `service_plans_by_product`; every signed-in party of the tenant reads the same list, as it reads
 * the published prices.
 */
export async function listPlans(
  deps: AppDeps,
  actor: Actor,
  filter: { product?: string | undefined } = {},
): Promise<{ items: PlanView[] }> {
  let q = deps.db.selectFrom('service_plans').selectAll().where('tenant_id', '=', actor.tenantId);
  if (filter.product) q = q.where('product_model', '=', filter.product);
  const rows = await q.orderBy('product_model').orderBy('plan_key').limit(PLANS_PAGE).execute();
  return { items: rows.map(toPlanView) };
}

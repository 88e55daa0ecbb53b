import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { supplierRequestView } from './supplier-request-view.ts';

/** Requests the caller may see: the brand's staff all; a supplier's users those addressed to it. */
export async function listSupplierRequests(deps: AppDeps, actor: Actor) {
  let q = deps.db
    .selectFrom('supplier_requests')
    .select('request_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('opened_at', 'desc')
    .limit(200);
  if (!readsBrandInternals(actor)) q = q.where('supplier_party_id', '=', actor.partyId);
  const rows = await q.execute();
  return { items: await Promise.all(rows.map((r) => supplierRequestView(deps, actor, r.request_id))) };
}

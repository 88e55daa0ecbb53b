import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type ClaimView, toClaimViews, visibleClaims } from './claim-view.ts';

export async function listClaims(
  deps: AppDeps,
  actor: Actor,
  filter: { state?: string | undefined; limit: number },
): Promise<{ items: ClaimView[] }> {
  let q = visibleClaims(deps.db, actor).selectAll('warranty_claims');
  if (filter.state) q = q.where('warranty_claims.state', '=', filter.state as never);
  const rows = await q.orderBy('submitted_at', 'desc').limit(filter.limit).execute();
  return { items: await toClaimViews(deps.db, actor.tenantId, rows) };
}

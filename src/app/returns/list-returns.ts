import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type ReturnView, toReturnViews, visibleReturns } from './return-view.ts';

/** Returns the actor may see, newest first; optionally one case's or one state's. */
export async function listReturns(
  deps: AppDeps,
  actor: Actor,
  filter: {
    caseId?: string | undefined;
    state?: string | undefined;
    overdue?: boolean | undefined;
    limit: number;
  },
): Promise<{ items: ReturnView[] }> {
  let query = visibleReturns(deps.db, actor).selectAll('returns');
  if (filter.caseId) query = query.where('returns.case_id', '=', filter.caseId);
  if (filter.state) query = query.where('returns.state', '=', filter.state as never);
  // Waiting for a decision past the approval deadline.
  if (filter.overdue)
    query = query.where('returns.state', '=', 'requested').where('returns.decide_by', '<', deps.now());
  const rows = await query.orderBy('returns.requested_at', 'desc').limit(filter.limit).execute();
  return { items: await toReturnViews(deps.db, actor.tenantId, rows, deps.now()) };
}

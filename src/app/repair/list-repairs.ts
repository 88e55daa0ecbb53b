import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type RepairView, toRepairView, visibleRepairs } from './repair-view.ts';

export async function listRepairs(
  deps: AppDeps,
  actor: Actor,
  filter: { caseId?: string | undefined; state?: string | undefined; limit: number },
): Promise<{ items: RepairView[] }> {
  let q = visibleRepairs(deps.db, actor).select('repairs.repair_id');
  if (filter.caseId) q = q.where('repairs.case_id', '=', filter.caseId);
  if (filter.state) q = q.where('repairs.state', '=', filter.state as never);
  const rows = await q.orderBy('repairs.opened_at', 'desc').limit(filter.limit).execute();
  const items: RepairView[] = [];
  for (const row of rows) items.push(await toRepairView(deps.db, actor, row.repair_id));
  return { items };
}

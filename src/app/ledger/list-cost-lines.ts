import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { type CostLineView, toCostLineViews, visibleCostLines } from './cost-line-view.ts';

export async function listCostLines(
  deps: AppDeps,
  actor: Actor,
  filter: { caseId?: string | undefined; kind?: string | undefined; limit: number },
): Promise<{ items: CostLineView[] }> {
  let q = visibleCostLines(deps.db, actor).selectAll('cost_lines');
  if (filter.caseId) q = q.where('cost_lines.case_id', '=', filter.caseId);
  if (filter.kind) q = q.where('cost_lines.kind', '=', filter.kind as never);
  const rows = await q
    .orderBy('occurred_on')
    .orderBy('created_at')
    .orderBy('line_id')
    .limit(filter.limit)
    .execute();
  return { items: await toCostLineViews(deps.db, actor.tenantId, rows) };
}

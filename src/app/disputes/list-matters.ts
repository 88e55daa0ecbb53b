import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { matterView } from './matter-view.ts';

export async function listMatters(deps: AppDeps, actor: Actor) {
  if (!readsBrandInternals(actor)) return { items: [] };
  const rows = await deps.db
    .selectFrom('dispute_matters')
    .select('matter_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute();
  return { items: await Promise.all(rows.map((r) => matterView(deps, actor, r.matter_id))) };
}

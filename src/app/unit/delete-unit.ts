import type { Actor } from '../../domain/access/access.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { loadVisibleUnit } from './unit-view.ts';

/** Removes a unit registered by mistake, with its maintenance dates and parts list. */
export async function deleteUnit(deps: AppDeps, actor: Actor, unitId: string): Promise<void> {
  await loadVisibleUnit(deps.db, actor, unitId);
  requireAccess(actor, 'write', 'unit');
  await deps.db
    .deleteFrom('units')
    .where('tenant_id', '=', actor.tenantId)
    .where('unit_id', '=', unitId)
    .execute();
}

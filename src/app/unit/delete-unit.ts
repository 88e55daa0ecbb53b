import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleUnit } from './unit-view.ts';

/** Removes a unit registered by mistake, with its maintenance dates and parts list. */
export async function deleteUnit(deps: AppDeps, actor: Actor, unitId: string): Promise<void> {
  await loadVisibleUnit(deps.db, actor, unitId);
  requireAccess(actor, 'write', 'unit');
  await inTransaction(deps, async (trx) => {
    await trx
      .deleteFrom('units')
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', unitId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'unit.deleted',
      subject: { type: 'unit', id: unitId },
      payload: {},
    });
  });
}

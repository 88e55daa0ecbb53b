import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type MaintenancePlanView, replanUnit, today, unitForService } from './maintenance-plans.ts';

/** Writes a maintenance performed on a unit (the fact the terms' §2.4 reads), in the caller's transaction. */
export async function writeMaintenance(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  unitId: string,
  performedOn: string,
  extra: Record<string, unknown> = {},
): Promise<MaintenancePlanView[]> {
  await trx
    .insertInto('unit_maintenance')
    .values({ tenant_id: actor.tenantId, unit_id: unitId, performed_on: performedOn })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await recordChange(deps, trx, actor, {
    type: 'unit.maintained',
    subject: { type: 'unit', id: unitId },
    payload: { performedOn, ...extra },
  });
  return replanUnit(deps, trx, actor, unitId);
}

/** Records a maintenance performed (not in the future); the unit's plans move to the next interval. */
export async function recordMaintenance(
  deps: AppDeps,
  actor: Actor,
  serial: string,
  input: { performedOn: string },
): Promise<MaintenancePlanView[]> {
  const unit = await unitForService(deps, actor, serial);
  if (input.performedOn > today(deps.now()))
    throw invalid([
      { path: '/body/performedOn', message: 'must not be in the future', messageZh: '不能晚于今天' },
    ]);
  return inTransaction(deps, (trx) => writeMaintenance(deps, trx, actor, unit.unit_id, input.performedOn));
}

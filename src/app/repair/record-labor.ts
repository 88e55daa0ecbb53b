import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadOpenRepairToChange, type RepairView, toRepairView } from './repair-view.ts';

/** Labor on a repair: an operation of the model's standard times, with the minutes it took. */
export async function recordLabor(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: { operation: string; minutes: number },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  const standard = await deps.db
    .selectFrom('standard_times')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'standard_times.tenant_id')
        .onRef('products.model', '=', 'standard_times.product_model'),
    )
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'products.tenant_id')
        .onRef('units.product_id', '=', 'products.product_id'),
    )
    .select(['standard_times.minutes'])
    .where('standard_times.tenant_id', '=', actor.tenantId)
    .where('units.unit_id', '=', r.unit_id)
    .where('standard_times.operation', '=', input.operation)
    .executeTakeFirst();
  if (!standard) {
    throw invalid([
      { path: '/body/operation', message: `no standard time "${input.operation}" for this model` },
    ]);
  }
  await inTransaction(deps, async (trx) => {
    const lineId = deps.newId();
    await trx
      .insertInto('repair_labor')
      .values({
        tenant_id: actor.tenantId,
        repair_id: repairId,
        line_id: lineId,
        operation: input.operation,
        standard_minutes: standard.minutes,
        actual_minutes: input.minutes,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.labor_recorded',
      subject: { type: 'case', id: r.case_id },
      payload: { repair: r.number, ...input, standardMinutes: standard.minutes },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}

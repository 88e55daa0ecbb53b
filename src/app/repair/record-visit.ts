import type { Actor } from '../../domain/access/access.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/record-change.ts';
import { inTransaction } from '../transaction.ts';
import { loadOpenRepairToChange, type RepairView, toRepairView } from './repair-view.ts';

/** A visit for the repair: when, how far (kilometres, as travel is paid), whether the customer signed. */
export async function recordVisit(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: {
    arrivedAt: string;
    leftAt?: string | undefined;
    distanceKm: number;
    customerSigned: boolean;
    note?: string | undefined;
  },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  if (input.leftAt && input.leftAt < input.arrivedAt)
    throw invalid([{ path: '/body/leftAt', message: 'left before arriving' }]);
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('repair_visits')
      .values({
        tenant_id: actor.tenantId,
        repair_id: repairId,
        visit_id: deps.newId(),
        arrived_at: input.arrivedAt,
        left_at: input.leftAt ?? null,
        distance_km: input.distanceKm,
        customer_signed: input.customerSigned,
        note: input.note ?? null,
        user_id: actor.userId,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.visit_recorded',
      subject: { type: 'case', id: r.case_id },
      payload: { repair: r.number, ...input },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}

import type { Actor } from '../../domain/access/index.ts';
import type { WorkOrderKind } from '../../domain/field/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { unitForService } from './maintenance-plans.ts';
import { type WorkOrderView, workOrderView } from './work-order-view.ts';

/** Opens an installation (or maintenance) work order on a unit, with the checklist to follow. */
export async function createWorkOrder(
  deps: AppDeps,
  actor: Actor,
  input: { serial: string; kind: WorkOrderKind; checklist: string[]; technicianId?: string | undefined },
): Promise<WorkOrderView> {
  const unit = await unitForService(deps, actor, input.serial);
  const id = deps.newId();
  const now = deps.now();
  const checklist = input.checklist.map((item) => ({ item, done: false }));
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('work_orders')
      .values({
        tenant_id: actor.tenantId,
        work_order_id: id,
        unit_id: unit.unit_id,
        kind: input.kind,
        state: 'open',
        technician_id: input.technicianId ?? null,
        checklist: JSON.stringify(checklist),
        commissioning: '{}',
        signed_by: null,
        signature_sha256: null,
        completed_on: null,
        evidence_seq: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'unit.work_order_opened',
      subject: { type: 'unit', id: unit.unit_id },
      payload: { workOrderId: id, kind: input.kind, checklist },
    });
  });
  return workOrderView(deps, actor, id);
}

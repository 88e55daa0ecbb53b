import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction } from '../transaction.ts';
import { forbidden } from './field-access.ts';
import { type MaintenancePlanView, replanUnit, today, unitForService } from './maintenance-plans.ts';
import { writeMaintenance } from './record-maintenance.ts';
import { type WorkOrderView, workOrderView } from './work-order-view.ts';

export interface CompletionInput {
  checklist: { item: string; done: boolean }[];
  /** Commissioning values measured, by name (e.g. leaving water °C, suction pressure bar). */
  commissioning: Record<string, number>;
  signedBy: string;
  signature: AttachmentInput;
  photos?: AttachmentInput[] | undefined;
  completedOn: string;
}

/**
 * Completes a work order with its checklist, commissioning values, photos and the customer's
 * signature. An installation sets the unit's installation date, the day the chiller's cover
 * counts from, as evidence (so cover starts from a fact), and plans its maintenance from there;
 * a maintenance order records the maintenance performed.
 */
export async function completeWorkOrder(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: CompletionInput,
): Promise<WorkOrderView> {
  const current = await workOrderView(deps, actor, id);
  const unit = await unitForService(deps, actor, current.serial);
  if (actor.role === 'customer')
    throw forbidden('The technician completes the work order.', '工单由技术员完成。');
  if (current.state !== 'open') throw new AppError('invalid_transition');
  const problems = [];
  const items = new Set(current.checklist.map((c) => c.item));
  const given = new Map(input.checklist.map((c) => [c.item, c.done]));
  for (const item of items)
    if (given.get(item) !== true)
      problems.push({
        path: '/body/checklist',
        message: `"${item}" is not done`,
        messageZh: `“${item}”未完成`,
      });
  if (input.completedOn > today(deps.now()))
    problems.push({
      path: '/body/completedOn',
      message: 'must not be in the future',
      messageZh: '不能晚于今天',
    });
  if (!input.signature.mediaType.startsWith('image/'))
    problems.push({ path: '/body/signature/mediaType', message: 'a signature is an image' });
  if (problems.length > 0) throw invalid(problems);
  const now = deps.now();
  let plans: MaintenancePlanView[] = [];
  await inTransaction(deps, async (trx) => {
    const [signature] = await storeAttachments(
      deps,
      trx,
      actor.tenantId,
      [input.signature],
      '/body/signature',
    );
    const photos = await storeAttachments(deps, trx, actor.tenantId, input.photos ?? [], '/body/photos');
    const payload = {
      workOrderId: id,
      kind: current.kind,
      completedOn: input.completedOn,
      checklist: input.checklist,
      commissioning: input.commissioning,
      signedBy: input.signedBy,
      signature: signature!,
      photos,
    };
    const blobs = [signature!.sha256, ...photos.map((p) => p.sha256)];
    let seq: number;
    if (current.kind === 'installation') {
      await trx
        .updateTable('units')
        .set({ installed_on: input.completedOn, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', unit.unit_id)
        .execute();
      const entry = await recordChange(deps, trx, actor, {
        type: 'unit.installed',
        subject: { type: 'unit', id: unit.unit_id },
        payload: { ...payload, installedOn: input.completedOn },
        blobs,
      });
      seq = entry.seq;
      plans = await replanUnit(deps, trx, actor, unit.unit_id);
    } else {
      const entry = await recordChange(deps, trx, actor, {
        type: 'unit.work_order_completed',
        subject: { type: 'unit', id: unit.unit_id },
        payload,
        blobs,
      });
      seq = entry.seq;
      plans = await writeMaintenance(deps, trx, actor, unit.unit_id, input.completedOn, { workOrderId: id });
    }
    await trx
      .updateTable('work_orders')
      .set({
        state: 'completed',
        checklist: JSON.stringify(input.checklist),
        commissioning: JSON.stringify(input.commissioning),
        signed_by: input.signedBy,
        signature_sha256: signature!.sha256,
        completed_on: input.completedOn,
        evidence_seq: seq,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('work_order_id', '=', id)
      .execute();
  });
  return { ...(await workOrderView(deps, actor, id)), plans };
}

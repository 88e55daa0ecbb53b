import type { Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { WorkOrderKind } from '../../domain/field/index.ts';
import type { WorkOrderTable } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction } from '../transaction.ts';
import { forbidden, isStaff, WORK_ORDER_NOT_FOUND } from './field-access.ts';
import { type MaintenancePlanView, replanUnit, today, unitForService } from './maintenance-plans.ts';
import { writeMaintenance } from './record-maintenance.ts';

export interface WorkOrderView {
  id: string;
  unitId: string;
  serial: string;
  kind: WorkOrderKind;
  state: 'open' | 'completed';
  checklist: { item: string; done: boolean }[];
  commissioning: Record<string, number>;
  signedBy: string | null;
  completedOn: string | null;
  /** The unit's maintenance plans after completion (cover start or last maintenance moved them). */
  plans?: MaintenancePlanView[];
}

/** Work orders the actor may read: staff all; a customer those of its units; a partner those of the units it services. */
export function visibleWorkOrders(db: AppDeps['db'], actor: Actor) {
  let q = db
    .selectFrom('work_orders')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'work_orders.tenant_id')
        .onRef('units.unit_id', '=', 'work_orders.unit_id'),
    )
    .where('work_orders.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) {
    const partyId = actor.partyId;
    q = q.where((eb) =>
      eb.or([eb('units.owner_party_id', '=', partyId), eb('units.service_party_id', '=', partyId)]),
    );
  }
  return q;
}

async function workOrderView(deps: AppDeps, actor: Actor, id: string): Promise<WorkOrderView> {
  const r = await visibleWorkOrders(deps.db, actor)
    .selectAll('work_orders')
    .select('units.serial')
    .where('work_orders.work_order_id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound(WORK_ORDER_NOT_FOUND);
  return toWorkOrderView(r);
}

export function toWorkOrderView(r: Selectable<WorkOrderTable> & { serial: string }): WorkOrderView {
  return {
    id: r.work_order_id,
    unitId: r.unit_id,
    serial: r.serial,
    kind: r.kind,
    state: r.state,
    checklist: r.checklist,
    commissioning: r.commissioning,
    signedBy: r.signed_by,
    completedOn: r.completed_on,
  };
}

export async function showWorkOrder(deps: AppDeps, actor: Actor, id: string): Promise<WorkOrderView> {
  return workOrderView(deps, actor, id);
}

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
        type: 'unit.work_order_opened',
        subject: { type: 'unit', id: unit.unit_id },
        payload: { ...payload, completed: true },
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

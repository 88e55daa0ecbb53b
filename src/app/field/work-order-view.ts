import type { Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { WorkOrderKind } from '../../domain/field/index.ts';
import type { WorkOrderTable } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { isStaff, WORK_ORDER_NOT_FOUND } from './field-access.ts';
import type { MaintenancePlanView } from './maintenance-plans.ts';

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

export async function workOrderView(deps: AppDeps, actor: Actor, id: string): Promise<WorkOrderView> {
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

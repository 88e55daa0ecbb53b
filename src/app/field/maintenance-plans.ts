import type { Actor } from '../../domain/access/index.ts';
import { type PlannedMaintenance, plansFor } from '../../domain/field/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { loadDecisionFacts } from '../entitlement/index.ts';
import { notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import type { Tx } from '../transaction.ts';
import { inTransaction } from '../transaction.ts';
import { forbidden, mayDispatch } from './field-access.ts';

export interface MaintenancePlanView {
  unitId: string;
  serial: string;
  ref: string;
  agreement: { id: string; version: number };
  every: string;
  grace: string | null;
  basis: string;
  nextDueOn: string;
  suspendsAfter: string;
}

/** Today in the terms' zone (the chiller's terms count in Shanghai). */
export const today = (now: Date) => localDateIn(now, 'Asia/Shanghai');

/**
 * Sets a unit's maintenance plans from its terms' maintenance conditions (in the caller's
 * transaction): the next due day and the last day before cover is suspended, recorded as evidence.
 */
export async function replanUnit(
  deps: AppDeps,
  trx: Tx,
  actor: Actor,
  unitId: string,
): Promise<MaintenancePlanView[]> {
  const now = deps.now();
  const facts = await loadDecisionFacts(trx, actor, { unitId }, 'authorized');
  const plans: PlannedMaintenance[] = plansFor(facts.agreements, facts.facts, today(now));
  for (const p of plans) {
    const row = {
      agreement_id: p.agreementId,
      agreement_version: p.agreementVersion,
      every: p.every,
      grace: p.grace,
      next_due_on: p.nextDueOn,
      suspends_after: p.suspendsAfter,
      updated_at: now,
    };
    await trx
      .insertInto('maintenance_plans')
      .values({
        tenant_id: actor.tenantId,
        unit_id: unitId,
        ref: p.ref,
        ...row,
        reminded_for: null,
        warned_for: null,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'unit_id', 'ref']).doUpdateSet(row))
      .execute();
  }
  const views = plans.map((p) => ({
    unitId,
    serial: facts.unit.serial,
    ref: p.ref,
    agreement: { id: p.agreementId, version: p.agreementVersion },
    every: p.every,
    grace: p.grace,
    basis: p.basis,
    nextDueOn: p.nextDueOn,
    suspendsAfter: p.suspendsAfter,
  }));
  if (views.length > 0)
    await recordChange(deps, trx, actor, {
      type: 'unit.maintenance_planned',
      subject: { type: 'unit', id: unitId },
      payload: { plans: views },
    });
  return views;
}

/** Staff, or the unit's service partner, may plan and record its maintenance. */
export async function unitForService(deps: AppDeps, actor: Actor, serial: string) {
  const unit = await deps.db
    .selectFrom('units')
    .select(['unit_id', 'service_party_id', 'owner_party_id', 'serial'])
    .where('tenant_id', '=', actor.tenantId)
    .where('serial', '=', serial)
    .executeTakeFirst();
  const own =
    unit && ['partner', 'technician'].includes(actor.role) && unit.service_party_id === actor.partyId;
  if (!unit || !(own || mayDispatch(actor, unit.service_party_id))) {
    // A unit the actor may not work on is not there for it.
    throw notFound({ en: 'No such unit.', zh: '没有该设备。' });
  }
  return unit;
}

/** Plans (or re-plans) a unit's maintenance from its terms. */
export async function planMaintenance(
  deps: AppDeps,
  actor: Actor,
  serial: string,
): Promise<MaintenancePlanView[]> {
  const unit = await unitForService(deps, actor, serial);
  if (actor.role === 'customer')
    throw forbidden('Customers do not plan maintenance.', '客户不能制定保养计划。');
  return inTransaction(deps, (trx) => replanUnit(deps, trx, actor, unit.unit_id));
}

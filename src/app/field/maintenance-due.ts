import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { isStaff } from './field-access.ts';
import type { MaintenancePlanView } from './maintenance-plans.ts';

/**
 * Maintenance due up to a day, soonest first (index `maintenance_plans_due`): staff see all; a
 * partner the units it services; a customer its own.
 */
export async function maintenanceDue(
  deps: AppDeps,
  actor: Actor,
  input: { until: string; limit: number },
): Promise<MaintenancePlanView[]> {
  let q = deps.db
    .selectFrom('maintenance_plans')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'maintenance_plans.tenant_id')
        .onRef('units.unit_id', '=', 'maintenance_plans.unit_id'),
    )
    .selectAll('maintenance_plans')
    .select('units.serial')
    .where('maintenance_plans.tenant_id', '=', actor.tenantId)
    .where('maintenance_plans.next_due_on', '<=', input.until);
  if (!isStaff(actor)) {
    const partyId = actor.partyId;
    q = q.where((eb) =>
      eb.or([eb('units.owner_party_id', '=', partyId), eb('units.service_party_id', '=', partyId)]),
    );
  }
  const rows = await q
    .orderBy('maintenance_plans.next_due_on')
    .orderBy('maintenance_plans.unit_id')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({
    unitId: r.unit_id,
    serial: r.serial,
    ref: r.ref,
    agreement: { id: r.agreement_id, version: r.agreement_version },
    every: r.every,
    grace: r.grace,
    basis: '',
    nextDueOn: r.next_due_on,
    suspendsAfter: r.suspends_after,
  }));
}

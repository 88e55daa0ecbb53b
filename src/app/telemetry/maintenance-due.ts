import type { Kysely } from 'kysely';
import type { TelemetryModel } from '../../domain/telemetry/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';

type Maintenance = NonNullable<TelemetryModel['maintenance']>;

/** The last maintenance of a unit, or its installation (delivery) when it has had none. */
export async function maintenanceBasis(
  db: Kysely<Database>,
  tenantId: string,
  unitId: string,
): Promise<string | null> {
  const last = await db
    .selectFrom('unit_maintenance')
    .select((eb) => eb.fn.max('performed_on').as('on'))
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  if (last?.on) return last.on as string;
  const unit = await db
    .selectFrom('units')
    .select(['installed_on', 'delivered_on'])
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return unit?.installed_on ?? unit?.delivered_on ?? null;
}

/** The run hours at a day: the highest counter reading before it, else the first from it on. */
export async function runHoursAt(
  db: Kysely<Database>,
  tenantId: string,
  unitId: string,
  metric: string,
  day: string,
): Promise<number | null> {
  const base = db
    .selectFrom('telemetry_rollups')
    .where('tenant_id', '=', tenantId)
    .where('unit_id', '=', unitId)
    .where('metric', '=', metric);
  const before = await base
    .select('high')
    .where('hour', '<', new Date(`${day}T00:00:00Z`))
    .orderBy('hour', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (before) return before.high;
  const after = await base
    .select('low')
    .where('hour', '>=', new Date(`${day}T00:00:00Z`))
    .orderBy('hour')
    .limit(1)
    .executeTakeFirst();
  return after?.low ?? null;
}

/**
 * Looks at a unit's run hours after a reading: when the basis (the last maintenance) changed, the
 * run hours at which the next is due are worked out again; when the counter has crossed them, the
 * maintenance is due and that is recorded on the unit, once per basis. True when it became due now.
 */
export async function checkMaintenance(
  deps: AppDeps,
  unit: { tenantId: string; unitId: string; serial: string },
  spec: Maintenance,
  runHours: number,
): Promise<boolean> {
  return inTransaction(deps, async (trx) => {
    const state = await trx
      .selectFrom('telemetry_states')
      .select(['maintenance_basis_on', 'maintenance_due_hours', 'maintenance_due_at'])
      .where('tenant_id', '=', unit.tenantId)
      .where('unit_id', '=', unit.unitId)
      .forUpdate()
      .executeTakeFirst();
    if (!state) return false;
    const basis = await maintenanceBasis(trx, unit.tenantId, unit.unitId);
    let dueHours = state.maintenance_due_hours;
    let dueAt = state.maintenance_due_at;
    if (basis !== state.maintenance_basis_on || dueHours === null) {
      const atBasis = basis
        ? await runHoursAt(trx, unit.tenantId, unit.unitId, spec.runHoursMetric, basis)
        : null;
      dueHours = (atBasis ?? runHours) + spec.everyRunHours;
      dueAt = null;
    }
    const crossed = dueAt === null && runHours >= dueHours;
    await trx
      .updateTable('telemetry_states')
      .set({
        maintenance_basis_on: basis,
        maintenance_due_hours: dueHours,
        maintenance_due_at: crossed ? deps.now() : dueAt,
      })
      .where('tenant_id', '=', unit.tenantId)
      .where('unit_id', '=', unit.unitId)
      .execute();
    if (crossed) {
      await recordChange(
        deps,
        trx,
        { tenantId: unit.tenantId, userId: null, authenticatedBy: 'system' },
        {
          type: 'unit.maintenance_due',
          subject: { type: 'unit', id: unit.unitId },
          payload: {
            serial: unit.serial,
            runHours,
            dueAtRunHours: dueHours,
            lastMaintenanceOn: basis,
            rule: `every ${spec.everyRunHours} run hours or ${spec.everyMonths} months`,
            ref: spec.ref ?? null,
          },
        },
      );
      // The product's schedule and the terms' plans are one maintenance: crossing the run hours
      // makes the unit's plans due today when their calendar day is later, so the reminder and
      // the visit ahead (the field service passes) follow. The day cover is suspended stays the
      // terms' own.
      const today = localDateIn(deps.now(), 'Asia/Shanghai');
      await trx
        .updateTable('maintenance_plans')
        .set({ next_due_on: today, updated_at: deps.now() })
        .where('tenant_id', '=', unit.tenantId)
        .where('unit_id', '=', unit.unitId)
        .where('next_due_on', '>', today)
        .execute();
    }
    return crossed;
  });
}

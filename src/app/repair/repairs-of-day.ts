import type { Actor } from '../../domain/access/index.ts';
import { endOfDayIn, localDateIn } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { type RepairView, toRepairView, visibleRepairs } from './repair-view.ts';

/** Why a work order is on a day's list. */
export type WorkDayReason = 'appointment' | 'opened' | 'visit' | 'completed';

export interface DayRepair extends RepairView {
  /** The case's appointments that start that day (booked or done), earliest first. */
  appointments: { startsAt: Date; endsAt: Date; state: string; technician: string }[];
  on: WorkDayReason[];
}

export interface RepairsOfDay {
  date: string;
  /** The zone the day is counted in: the tenant's. */
  zone: string;
  previous: string;
  next: string;
  items: DayRepair[];
}

/** A day's list is a person's day: more than this many work orders is cut, latest last. */
const DAY_LIMIT = 200;

const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The work orders of one day in the tenant's zone (today when no date is given): those whose
 * case has an appointment starting that day, then those opened, visited or completed that day
 * without one. A work order is "of a day" by the appointment when it has one, because that is the
 * day the technician goes; a workshop repair has none, and its day is the one it was worked on.
 * Each of the four is one read through an index on (tenant, instant), scoped to the cases the
 * caller sees: a partner's list holds only the cases assigned to it.
 */
export async function repairsOfDay(
  deps: AppDeps,
  actor: Actor,
  input: { date?: string | undefined },
): Promise<RepairsOfDay> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const date = input.date ?? localDateIn(deps.now(), zone);
  const from = endOfDayIn(shiftDate(date, -1), zone);
  const to = endOfDayIn(date, zone);
  const t = actor.tenantId;
  const visible = () => visibleRepairs(deps.db, actor).where('repairs.state', '<>', 'cancelled');
  const [booked, opened, completed, visited] = await Promise.all([
    visible()
      .innerJoin('appointments', (j) =>
        j
          .onRef('appointments.tenant_id', '=', 'repairs.tenant_id')
          .onRef('appointments.case_id', '=', 'repairs.case_id'),
      )
      .innerJoin('technicians', (j) =>
        j
          .onRef('technicians.tenant_id', '=', 'appointments.tenant_id')
          .onRef('technicians.technician_id', '=', 'appointments.technician_id'),
      )
      .select([
        'repairs.repair_id',
        'appointments.starts_at',
        'appointments.ends_at',
        'appointments.state',
        'technicians.name',
      ])
      .where('appointments.tenant_id', '=', t)
      .where('appointments.starts_at', '>=', from)
      .where('appointments.starts_at', '<', to)
      .where('appointments.state', 'in', ['booked', 'done'])
      .orderBy('appointments.starts_at')
      .limit(DAY_LIMIT)
      .execute(),
    visible()
      .select(['repairs.repair_id', 'repairs.opened_at as at'])
      .where('repairs.opened_at', '>=', from)
      .where('repairs.opened_at', '<', to)
      .orderBy('repairs.opened_at')
      .limit(DAY_LIMIT)
      .execute(),
    visible()
      .select(['repairs.repair_id', 'repairs.completed_at as at'])
      .where('repairs.completed_at', '>=', from)
      .where('repairs.completed_at', '<', to)
      .orderBy('repairs.completed_at')
      .limit(DAY_LIMIT)
      .execute(),
    visible()
      .innerJoin('repair_visits', (j) =>
        j
          .onRef('repair_visits.tenant_id', '=', 'repairs.tenant_id')
          .onRef('repair_visits.repair_id', '=', 'repairs.repair_id'),
      )
      .select(['repairs.repair_id', 'repair_visits.arrived_at as at'])
      .where('repair_visits.tenant_id', '=', t)
      .where('repair_visits.arrived_at', '>=', from)
      .where('repair_visits.arrived_at', '<', to)
      .orderBy('repair_visits.arrived_at')
      .limit(DAY_LIMIT)
      .execute(),
  ]);
  // Ordered by the appointment's start, else by the first thing done that day.
  const days = new Map<
    string,
    { first: number; on: Set<WorkDayReason>; appointments: DayRepair['appointments'] }
  >();
  const mark = (id: string, at: Date, why: WorkDayReason) => {
    const entry = days.get(id) ?? { first: at.getTime(), on: new Set(), appointments: [] };
    entry.first = Math.min(entry.first, at.getTime());
    entry.on.add(why);
    days.set(id, entry);
    return entry;
  };
  for (const a of booked)
    mark(a.repair_id, a.starts_at, 'appointment').appointments.push({
      startsAt: a.starts_at,
      endsAt: a.ends_at,
      state: a.state,
      technician: a.name,
    });
  for (const r of opened) mark(r.repair_id, r.at, 'opened');
  for (const r of visited) mark(r.repair_id, r.at, 'visit');
  for (const r of completed) if (r.at) mark(r.repair_id, r.at, 'completed');
  const ordered = [...days.entries()].sort((a, b) => a[1].first - b[1].first).slice(0, DAY_LIMIT);
  const items: DayRepair[] = [];
  for (const [id, entry] of ordered) {
    const view = await toRepairView(deps.db, actor, id);
    items.push({ ...view, appointments: entry.appointments, on: [...entry.on] });
  }
  return { date, zone, previous: shiftDate(date, -1), next: shiftDate(date, 1), items };
}

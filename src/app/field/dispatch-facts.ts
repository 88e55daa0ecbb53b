import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { CompiledCalendar } from '../../domain/calendar/index.ts';
import {
  type BookedStop,
  offerSlots,
  type Slot,
  type TechnicianFacts,
  type VisitFacts,
} from '../../domain/field/index.ts';
import { endOfDayIn, localDateIn } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { calendarFor, latestCalendarVersion, withCalendarYears } from '../calendar/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import { AppError } from '../errors.ts';

/** Appointments are offered in two-hour slots over the next 14 days. */
export const SLOT_SECONDS = 2 * 3600;
export const HORIZON_SECONDS = 14 * 86_400;
export const SLOTS_OFFERED = 8;

export interface VisitContext {
  caseId: string;
  customerPartyId: string;
  servicePartyId: string | null;
  unitId: string;
  serial: string;
  product: string;
  site: { id: string; latitude: number; longitude: number; territory: string };
  partCategory: string | null;
  /** The nearest running on-site deadline of the case (epoch seconds), null when none runs. */
  dueAt: number | null;
  facts: VisitFacts;
}

/** The visit a case needs: its unit, the site it stands at, the on-site deadline. */
export async function loadVisit(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
  now: Date,
): Promise<VisitContext> {
  const c = await loadVisibleCase(db, actor, caseId);
  const unit = c.unit_id
    ? await db
        .selectFrom('units')
        .innerJoin('products', (j) =>
          j
            .onRef('products.tenant_id', '=', 'units.tenant_id')
            .onRef('products.product_id', '=', 'units.product_id'),
        )
        .leftJoin('sites', (j) =>
          j.onRef('sites.tenant_id', '=', 'units.tenant_id').onRef('sites.site_id', '=', 'units.site_id'),
        )
        .select([
          'units.unit_id',
          'units.serial',
          'products.model',
          'sites.site_id',
          'sites.latitude',
          'sites.longitude',
          'sites.territory',
        ])
        .where('units.tenant_id', '=', actor.tenantId)
        .where('units.unit_id', '=', c.unit_id)
        .executeTakeFirst()
    : undefined;
  if (!unit?.site_id) throw new AppError('site_unknown');
  const clocks = await db
    .selectFrom('case_clocks')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('target', '=', 'onsite')
    .where('stopped_at', 'is', null)
    .executeTakeFirst();
  let dueAt = clocks?.due === null || clocks?.due === undefined ? null : Number(clocks.due);
  // A planned maintenance visit runs no clock: it is kept to the end of its plan's due day.
  if (dueAt === null && c.kind === 'maintenance') {
    const plan = await db
      .selectFrom('maintenance_plans')
      .select('visit_for')
      .where('tenant_id', '=', actor.tenantId)
      .where('visit_case_id', '=', caseId)
      .executeTakeFirst();
    if (plan?.visit_for) dueAt = Math.floor(endOfDayIn(plan.visit_for, 'Asia/Shanghai').getTime() / 1000);
  }
  const site = {
    id: unit.site_id,
    latitude: unit.latitude!,
    longitude: unit.longitude!,
    territory: unit.territory!,
  };
  const partCategory = c.failure?.partCategory ?? null;
  return {
    caseId,
    customerPartyId: c.customer_party_id,
    servicePartyId: c.service_party_id,
    unitId: unit.unit_id,
    serial: unit.serial,
    product: unit.model,
    site,
    partCategory,
    dueAt,
    facts: {
      product: unit.model,
      part: partCategory,
      territory: site.territory,
      site,
      date: localDateIn(now, 'Asia/Shanghai'),
      dueAt,
    },
  };
}

export interface PoolMember {
  facts: TechnicianFacts;
  partyId: string;
  calendar: CompiledCalendar;
  /** Visits booked in the horizon, with their sites: the day's route. */
  busy: BookedStop[];
  absences: [number, number][];
  home: { latitude: number; longitude: number };
}

/**
 * The technicians who may take a visit (the assigned partner's, or every one when no partner is
 * assigned), each with its calendar, bookings and absences over the horizon.
 */
export async function loadPool(
  db: Kysely<Database>,
  tenantId: string,
  partyId: string | null,
  now: number,
  exceptAppointment?: string,
): Promise<PoolMember[]> {
  let q = db
    .selectFrom('technicians')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('retired_at', 'is', null);
  if (partyId) q = q.where('party_id', '=', partyId);
  const rows = await q.orderBy('technician_id').execute();
  if (rows.length === 0) return [];
  let booked = db
    .selectFrom('appointments')
    .innerJoin('sites', (j) =>
      j
        .onRef('sites.tenant_id', '=', 'appointments.tenant_id')
        .onRef('sites.site_id', '=', 'appointments.site_id'),
    )
    .select([
      'appointments.technician_id',
      'appointments.starts_at',
      'appointments.ends_at',
      'sites.latitude',
      'sites.longitude',
    ])
    .where('appointments.tenant_id', '=', tenantId)
    .where(
      'appointments.technician_id',
      'in',
      rows.map((r) => r.technician_id),
    )
    .where('appointments.state', '=', 'booked')
    .where('appointments.starts_at', '<', new Date((now + HORIZON_SECONDS) * 1000))
    .where('appointments.ends_at', '>', new Date(now * 1000));
  if (exceptAppointment) booked = booked.where('appointments.appointment_id', '<>', exceptAppointment);
  const bookings = await booked.execute();
  const calendars = new Map<string, CompiledCalendar>();
  const out: PoolMember[] = [];
  for (const r of rows) {
    let calendar = calendars.get(r.calendar_key);
    if (!calendar) {
      const version = await latestCalendarVersion(db, tenantId, r.calendar_key);
      calendar = await calendarFor(db, tenantId, {
        clock_type: 'business',
        calendar_key: r.calendar_key,
        calendar_version: version,
      });
      calendars.set(r.calendar_key, calendar);
    }
    const busy = bookings
      .filter((b) => b.technician_id === r.technician_id)
      .map((b) => ({
        startsAt: b.starts_at.getTime() / 1000,
        endsAt: b.ends_at.getTime() / 1000,
        at: { latitude: b.latitude, longitude: b.longitude },
      }));
    const absences = r.absences.map(
      (a) => [Date.parse(a.from) / 1000, Date.parse(a.to) / 1000] as [number, number],
    );
    out.push({
      partyId: r.party_id,
      calendar,
      busy,
      absences,
      home: { latitude: r.home_latitude, longitude: r.home_longitude },
      facts: {
        id: r.technician_id,
        name: r.name,
        skills: r.skills,
        territories: r.territories,
        from: { latitude: r.home_latitude, longitude: r.home_longitude },
        freeAt: null,
        load: busy.length,
      },
    });
  }
  return out;
}

/**
 * The slots a technician can offer for a visit: working time, the day's route (travel from the
 * visit booked before, and on to the one booked after), absences, the deadline.
 */
export function slotsFor(member: PoolMember, visit: VisitContext, now: number): Slot[] {
  return offerSlots({
    calendar: member.calendar,
    from: now,
    dueAt: visit.dueAt,
    slotSeconds: SLOT_SECONDS,
    home: member.home,
    site: visit.site,
    busy: member.busy,
    absences: member.absences,
    count: SLOTS_OFFERED,
    horizonSeconds: HORIZON_SECONDS,
  });
}

/**
 * Each member judged from its first slot: it sets out from where that slot's route has it (home,
 * or the visit booked before) when the travel allows, so that arrival is that slot.
 */
export function withFirstSlots(pool: PoolMember[], visit: VisitContext, now: number): Promise<PoolMember[]> {
  return withCalendarYears(async () =>
    pool.map((m) => {
      const first = slotsFor(m, visit, now)[0];
      return {
        ...m,
        facts: {
          ...m.facts,
          from: first ? first.origin : m.home,
          comesFrom: first ? first.comesFrom : 'home',
          freeAt: first ? first.startsAt - first.travelSeconds : null,
        },
      };
    }),
  );
}

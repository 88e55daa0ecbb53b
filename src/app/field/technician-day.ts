import type { Actor } from '../../domain/access/index.ts';
import { travel } from '../../domain/field/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { isStaff, TECHNICIAN_NOT_FOUND, visibleTechnicians } from './field-access.ts';

export interface DayStop {
  order: number;
  appointmentId: string;
  caseId: string;
  caseRef: string;
  startsAt: string;
  endsAt: string;
  state: string;
  serial: string;
  product: string;
  site: {
    id: string;
    name: string;
    addressZh: string;
    addressEn: string;
    district: string;
    latitude: number;
    longitude: number;
    accessNotes: string;
    openingHours: string;
    contact: { name: string; phone: string };
  };
  /** The leg to this stop from the previous one (the home base for the first). */
  leg: { km: number; minutes: number };
  /** The likely failed part's parts of the product, and the parts reserved for the case's repairs. */
  parts: { partNumber: string; name: string; quantity: number; why: 'likely_failed' | 'reserved' }[];
}

export interface TechnicianDay {
  technician: { id: string; name: string };
  date: string;
  stops: DayStop[];
}

/**
 * A technician's visits of one day (Shanghai date) in route order (by appointment time, the slots
 * being fixed), each with the site, its contact and the parts to bring. The technician reads its
 * own day; a dispatcher any of its technicians'.
 */
export async function technicianDay(
  deps: AppDeps,
  actor: Actor,
  input: { date: string; technicianId?: string | undefined },
): Promise<TechnicianDay> {
  let q = visibleTechnicians(deps.db, actor).selectAll('technicians');
  if (input.technicianId) q = q.where('technicians.technician_id', '=', input.technicianId);
  else q = q.where('technicians.user_id', '=', actor.userId);
  if (!isStaff(actor) && actor.role === 'technician') q = q.where('technicians.user_id', '=', actor.userId);
  const tech = await q.executeTakeFirst();
  if (!tech) throw notFound(TECHNICIAN_NOT_FOUND);
  // The day in Shanghai time (UTC+8, no daylight saving).
  const from = new Date(`${input.date}T00:00:00+08:00`);
  const to = new Date(from.getTime() + 86_400_000);
  const rows = await deps.db
    .selectFrom('appointments')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'appointments.tenant_id')
        .onRef('cases.case_id', '=', 'appointments.case_id'),
    )
    .innerJoin('sites', (j) =>
      j
        .onRef('sites.tenant_id', '=', 'appointments.tenant_id')
        .onRef('sites.site_id', '=', 'appointments.site_id'),
    )
    .innerJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .selectAll('sites')
    .select([
      'appointments.appointment_id',
      'appointments.case_id',
      'appointments.starts_at',
      'appointments.ends_at',
      'appointments.state',
      'cases.public_ref',
      'cases.failure',
      'units.serial',
      'units.product_id',
      'products.model',
    ])
    .where('appointments.tenant_id', '=', actor.tenantId)
    .where('appointments.technician_id', '=', tech.technician_id)
    .where('appointments.starts_at', '>=', from)
    .where('appointments.starts_at', '<', to)
    .where('appointments.state', 'in', ['booked', 'done'])
    .orderBy('appointments.starts_at')
    .execute();
  let at = { latitude: tech.home_latitude, longitude: tech.home_longitude };
  const stops: DayStop[] = [];
  for (const [i, r] of rows.entries()) {
    const leg = travel(at, r);
    at = { latitude: r.latitude, longitude: r.longitude };
    const parts: DayStop['parts'] = [];
    const category = r.failure?.partCategory;
    if (category) {
      const likely = await deps.db
        .selectFrom('product_parts')
        .select(['part_number', 'name', 'quantity'])
        .where('tenant_id', '=', actor.tenantId)
        .where('product_id', '=', r.product_id)
        .where('part_category', '=', category)
        .execute();
      for (const p of likely)
        parts.push({ partNumber: p.part_number, name: p.name, quantity: p.quantity, why: 'likely_failed' });
    }
    const reserved = await deps.db
      .selectFrom('repair_parts')
      .innerJoin('repairs', (j) =>
        j
          .onRef('repairs.tenant_id', '=', 'repair_parts.tenant_id')
          .onRef('repairs.repair_id', '=', 'repair_parts.repair_id'),
      )
      .select(['repair_parts.part_number', 'repair_parts.quantity'])
      .where('repairs.tenant_id', '=', actor.tenantId)
      .where('repairs.case_id', '=', r.case_id)
      .where('repair_parts.state', '=', 'reserved')
      .execute();
    for (const p of reserved)
      parts.push({ partNumber: p.part_number, name: p.part_number, quantity: p.quantity, why: 'reserved' });
    stops.push({
      order: i + 1,
      appointmentId: r.appointment_id,
      caseId: r.case_id,
      caseRef: r.public_ref,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      state: r.state,
      serial: r.serial,
      product: r.model,
      site: {
        id: r.site_id,
        name: r.name,
        addressZh: r.address_zh,
        addressEn: r.address_en,
        district: r.district,
        latitude: r.latitude,
        longitude: r.longitude,
        accessNotes: r.access_notes,
        openingHours: r.opening_hours,
        contact: { name: r.contact_name, phone: r.contact_phone },
      },
      leg: { km: Math.round(leg.km * 10) / 10, minutes: Math.round(leg.seconds / 60) },
      parts,
    });
  }
  return { technician: { id: tech.technician_id, name: tech.name }, date: input.date, stops };
}

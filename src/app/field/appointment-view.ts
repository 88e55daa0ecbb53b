import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { APPOINTMENT_NOT_FOUND, visibleAppointments } from './field-access.ts';

export interface AppointmentView {
  id: string;
  caseId: string;
  technician: { id: string; name: string };
  siteId: string;
  startsAt: string;
  endsAt: string;
  state: 'booked' | 'no_show' | 'done' | 'cancelled';
  chosenBy: 'customer' | 'dispatcher';
  reschedules: number;
}

export async function loadAppointment(db: Kysely<Database>, actor: Actor, appointmentId: string) {
  const row = await visibleAppointments(db, actor)
    .selectAll('appointments')
    .select([
      'technicians.name as technician_name',
      'technicians.party_id as technician_party_id',
      'cases.customer_party_id',
      'cases.service_party_id',
    ])
    .where('appointments.appointment_id', '=', appointmentId)
    .executeTakeFirst();
  if (!row) throw notFound(APPOINTMENT_NOT_FOUND);
  return row;
}

export async function appointmentView(
  db: Kysely<Database>,
  actor: Actor,
  appointmentId: string,
): Promise<AppointmentView> {
  const r = await loadAppointment(db, actor, appointmentId);
  return {
    id: r.appointment_id,
    caseId: r.case_id,
    technician: { id: r.technician_id, name: r.technician_name },
    siteId: r.site_id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    state: r.state,
    chosenBy: r.chosen_by,
    reschedules: r.reschedules,
  };
}

/** A case's appointments the actor may see, newest first (index `appointments_by_case`). */
export async function caseAppointments(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
): Promise<AppointmentView[]> {
  const rows = await visibleAppointments(db, actor)
    .selectAll('appointments')
    .select('technicians.name as technician_name')
    .where('appointments.case_id', '=', caseId)
    .orderBy('appointments.created_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.appointment_id,
    caseId: r.case_id,
    technician: { id: r.technician_id, name: r.technician_name },
    siteId: r.site_id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    state: r.state,
    chosenBy: r.chosen_by,
    reschedules: r.reschedules,
  }));
}

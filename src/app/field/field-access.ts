import type { Kysely } from 'kysely';
import { type Actor, visibilityOf } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import { AppError, notFound } from '../errors.ts';

export const SITE_NOT_FOUND = { en: 'No such site.', zh: '没有该服务地点。' };
export const TECHNICIAN_NOT_FOUND = { en: 'No such technician.', zh: '没有该技术员。' };
export const APPOINTMENT_NOT_FOUND = { en: 'No such appointment.', zh: '没有该预约。' };
export const WORK_ORDER_NOT_FOUND = { en: 'No such work order.', zh: '没有该工单。' };

const DISPATCHERS = new Set(['admin', 'manager', 'agent']);

/** The brand's staff: see and dispatch everything in the tenant. */
export function isStaff(actor: Actor): boolean {
  return visibilityOf(actor).kind === 'tenant';
}

/** Who may dispatch: the brand's service staff, or a partner's own staff for its own technicians. */
export function mayDispatch(actor: Actor, partyId: string | null): boolean {
  if (isStaff(actor)) return DISPATCHERS.has(actor.role);
  return actor.role === 'partner' && partyId === actor.partyId;
}

export function forbidden(en: string, zh: string): AppError {
  return new AppError('forbidden', { detail: { en, zh } });
}

/**
 * Sites the actor may read: staff all; a customer its own; a partner or technician the sites of
 * its visits (an appointment with one of its party's technicians) only.
 */
export function visibleSites(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('sites').where('sites.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) {
    const partyId = actor.partyId;
    q = q.where((eb) =>
      eb.or([
        eb('sites.customer_party_id', '=', partyId),
        eb.exists(
          eb
            .selectFrom('appointments')
            .innerJoin('technicians', (j) =>
              j
                .onRef('technicians.tenant_id', '=', 'appointments.tenant_id')
                .onRef('technicians.technician_id', '=', 'appointments.technician_id'),
            )
            .select('appointments.appointment_id')
            .whereRef('appointments.tenant_id', '=', 'sites.tenant_id')
            .whereRef('appointments.site_id', '=', 'sites.site_id')
            .where('technicians.party_id', '=', partyId),
        ),
      ]),
    );
  }
  return q;
}

export async function loadSite(db: Kysely<Database>, actor: Actor, siteId: string) {
  const row = await visibleSites(db, actor)
    .selectAll('sites')
    .where('sites.site_id', '=', siteId)
    .executeTakeFirst();
  if (!row) throw notFound(SITE_NOT_FOUND);
  return row;
}

/** Technicians the actor may read: staff all; a partner's people their own party's. */
export function visibleTechnicians(db: Kysely<Database>, actor: Actor) {
  const q = db.selectFrom('technicians').where('technicians.tenant_id', '=', actor.tenantId);
  return isStaff(actor) ? q : q.where('technicians.party_id', '=', actor.partyId);
}

/**
 * Appointments the actor may read: staff all; a customer those of its cases; a partner or
 * technician those of its party's technicians.
 */
export function visibleAppointments(db: Kysely<Database>, actor: Actor) {
  let q = db
    .selectFrom('appointments')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'appointments.tenant_id')
        .onRef('cases.case_id', '=', 'appointments.case_id'),
    )
    .innerJoin('technicians', (j) =>
      j
        .onRef('technicians.tenant_id', '=', 'appointments.tenant_id')
        .onRef('technicians.technician_id', '=', 'appointments.technician_id'),
    )
    .where('appointments.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) {
    const partyId = actor.partyId;
    q = q.where((eb) =>
      eb.or([eb('cases.customer_party_id', '=', partyId), eb('technicians.party_id', '=', partyId)]),
    );
  }
  return q;
}

import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { inTransaction } from '../transaction.ts';
import { appointmentWords } from './book-appointment.ts';

/** Reminders go out for visits starting within the next 24 hours. */
export const REMINDER_AHEAD_SECONDS = 24 * 3600;

/**
 * Puts a reminder for each booked visit starting within 24 hours into the outbox, once (index
 * `appointments_to_remind`: the booked, unreminded ones by start).
 */
export async function sendAppointmentReminders(deps: AppDeps, tenantId: string): Promise<number> {
  const now = deps.now();
  return inTransaction(deps, async (trx) => {
    const due = await trx
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
      .select([
        'appointments.appointment_id',
        'appointments.case_id',
        'appointments.starts_at',
        'cases.customer_party_id',
        'technicians.name',
      ])
      .where('appointments.tenant_id', '=', tenantId)
      .where('appointments.state', '=', 'booked')
      .where('appointments.reminded_at', 'is', null)
      .where('appointments.starts_at', '>', now)
      .where('appointments.starts_at', '<=', new Date(now.getTime() + REMINDER_AHEAD_SECONDS * 1000))
      .execute();
    for (const a of due) {
      const words = appointmentWords(a.starts_at, a.name);
      await enqueueNotification(deps, trx, {
        tenantId,
        kind: 'appointment_reminder',
        caseId: a.case_id,
        recipientPartyId: a.customer_party_id,
        recipientRole: 'customer',
        subject: { en: `Reminder: ${words.en}`, zh: `提醒：${words.zh}` },
        payload: { appointmentId: a.appointment_id, startsAt: a.starts_at.toISOString() },
      });
      await trx
        .updateTable('appointments')
        .set({ reminded_at: now })
        .where('tenant_id', '=', tenantId)
        .where('appointment_id', '=', a.appointment_id)
        .execute();
    }
    return due.length;
  });
}

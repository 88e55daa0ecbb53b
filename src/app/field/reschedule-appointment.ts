import type { Actor } from '../../domain/access/index.ts';
import { postponementEffect } from '../../domain/field/index.ts';
import { saveClock } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type AppointmentView, appointmentView, loadAppointment } from './appointment-view.ts';
import { appointmentWords } from './book-appointment.ts';
import { loadVisit } from './dispatch-facts.ts';
import { forbidden, mayDispatch } from './field-access.ts';
import { pickOffer } from './offer-slots.ts';

/**
 * Moves a booked visit to another offered slot (same or another technician). Asked by the
 * customer, a later slot pauses the on-site clock only where the terms name
 * `customer_postponement` in `pause_while`; otherwise the clock keeps running. Both recorded.
 */
export async function rescheduleAppointment(
  deps: AppDeps,
  actor: Actor,
  appointmentId: string,
  input: { startsAt: string; technicianId?: string | undefined },
): Promise<AppointmentView & { clockEffect: { en: string; zh: string } }> {
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const current = await loadAppointment(deps.db, actor, appointmentId);
  if (current.state !== 'booked') throw new AppError('invalid_transition');
  const byCustomer = actor.role === 'customer' && actor.partyId === current.customer_party_id;
  if (!byCustomer && !mayDispatch(actor, current.service_party_id))
    throw forbidden('Only the customer or a dispatcher moves a visit.', '只有客户或调度人员可以改期。');
  const visit = await loadVisit(deps.db, actor, current.case_id, now);
  const { member, slots } = await pickOffer(
    deps,
    actor,
    visit,
    input.technicianId ?? current.technician_id,
    at,
    appointmentId,
  );
  const start = Date.parse(input.startsAt) / 1000;
  const slot = slots.find((s) => s.startsAt === start);
  if (!slot) throw new AppError('slot_not_offered');
  const oldStart = current.starts_at.getTime() / 1000;
  const requestedBy = byCustomer ? 'customer' : 'dispatcher';
  let because = { en: '', zh: '' };
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('appointments')
      .set({
        technician_id: member.facts.id,
        starts_at: new Date(slot.startsAt * 1000),
        ends_at: new Date(slot.endsAt * 1000),
        reschedules: current.reschedules + 1,
        reminded_at: null,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('appointment_id', '=', appointmentId)
      .execute();
    const clocks = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', current.case_id)
      .where('target', '=', 'onsite')
      .where('stopped_at', 'is', null)
      .execute();
    const effects = [];
    for (const clock of clocks) {
      const effect = postponementEffect(clock.pause_while, requestedBy, at, oldStart, slot.startsAt);
      because = effect.because;
      effects.push({
        clockId: clock.clock_id,
        side: clock.side,
        pause: effect.pause,
        because: effect.because,
      });
      if (effect.pause) {
        const [from, to] = effect.pause;
        await saveClock(deps, trx, actor.tenantId, { ...clock, pauses: [...clock.pauses, { from, to }] }, at);
      }
    }
    if (clocks.length === 0) because = { en: 'No on-site clock runs.', zh: '没有运行中的上门时限。' };
    await recordChange(deps, trx, actor, {
      type: 'case.appointment_rescheduled',
      subject: { type: 'case', id: current.case_id },
      payload: {
        appointmentId,
        requestedBy,
        from: current.starts_at.toISOString(),
        to: new Date(slot.startsAt * 1000).toISOString(),
        technicianId: member.facts.id,
        clockEffects: effects,
      },
    });
    await enqueueNotification(deps, trx, {
      tenantId: actor.tenantId,
      kind: 'appointment_confirmed',
      caseId: current.case_id,
      recipientPartyId: current.customer_party_id,
      recipientRole: 'customer',
      subject: appointmentWords(new Date(slot.startsAt * 1000), member.facts.name),
      payload: { appointmentId, startsAt: new Date(slot.startsAt * 1000).toISOString(), rescheduled: true },
    });
  });
  return { ...(await appointmentView(deps.db, actor, appointmentId)), clockEffect: because };
}

import type { Actor } from '../../domain/access/index.ts';
import type { NoShowBy } from '../../domain/field/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type AppointmentView, appointmentView, loadAppointment } from './appointment-view.ts';
import { forbidden, mayDispatch } from './field-access.ts';

/**
 * Records that a visit did not happen (the customer was not there, or the technician did not
 * come), after its start. The on-site clock is not touched: it keeps running until a visit.
 */
export async function recordNoShow(
  deps: AppDeps,
  actor: Actor,
  appointmentId: string,
  input: { by: NoShowBy; note?: string | undefined },
): Promise<AppointmentView> {
  const now = deps.now();
  const current = await loadAppointment(deps.db, actor, appointmentId);
  const ownTechnician =
    ['partner', 'technician'].includes(actor.role) && current.technician_party_id === actor.partyId;
  if (!ownTechnician && !mayDispatch(actor, current.service_party_id))
    throw forbidden(
      'Only the dispatcher or the visit’s partner records a no-show.',
      '只有调度人员或服务伙伴可以记录未履约。',
    );
  if (current.state !== 'booked' || current.starts_at > now)
    throw new AppError('invalid_transition', {
      detail: {
        en: 'Only a booked visit whose time has come can be missed.',
        zh: '只有已到时间的预约才能记录未履约。',
      },
    });
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ state: 'no_show', updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('appointment_id', '=', appointmentId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'case.appointment_no_show',
      subject: { type: 'case', id: current.case_id },
      payload: {
        appointmentId,
        by: input.by,
        note: input.note ?? null,
        startsAt: current.starts_at.toISOString(),
      },
    });
  });
  return appointmentView(deps.db, actor, appointmentId);
}

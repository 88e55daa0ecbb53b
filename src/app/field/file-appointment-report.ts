import type { Actor } from '../../domain/access/index.ts';
import { fileVisitReport } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { loadAppointment } from './appointment-view.ts';

type VisitReportInput = Parameters<typeof fileVisitReport>[3];
type CaseView = Awaited<ReturnType<typeof fileVisitReport>>;

/**
 * The technician's visit report for an appointment, possibly filed offline and sent later: the
 * server takes the arrival time the phone recorded (between the case's opening and now), files it
 * on the case (evidence, on-site clock met at arrival) and marks the appointment done, in one
 * transaction.
 */
export async function fileAppointmentReport(
  deps: AppDeps,
  actor: Actor,
  appointmentId: string,
  input: VisitReportInput,
): Promise<CaseView & { appointmentId: string }> {
  const current = await loadAppointment(deps.db, actor, appointmentId);
  if (current.state === 'cancelled') throw new AppError('invalid_transition');
  // In the report's transaction: the report and the appointment's end are kept together or not at all.
  const view = await fileVisitReport(deps, actor, current.case_id, input, async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ state: 'done', updated_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('appointment_id', '=', appointmentId)
      .execute();
  });
  return { ...view, appointmentId };
}

import type { Actor } from '../../domain/access/index.ts';
import { type NoShowBy, noShowEffect } from '../../domain/field/index.ts';
import { saveClock } from '../case/index.ts';
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
): Promise<AppointmentView & { clockEffects: ClockEffect[] }> {
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
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
  const visitStart = Math.floor(current.starts_at.getTime() / 1000);
  const clockEffects: ClockEffect[] = [];
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('appointments')
      .set({ state: 'no_show', updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('appointment_id', '=', appointmentId)
      .execute();
    const clocks = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', current.case_id)
      .where('stopped_at', 'is', null)
      .execute();
    let siteNotAccessible = false;
    for (const clock of clocks) {
      const effect = noShowEffect(clock.pause_while, input.by);
      const last = clock.pauses.at(-1);
      const paused = effect.pausesFromVisit && last?.to !== null;
      clockEffects.push({
        clockId: clock.clock_id,
        side: clock.side,
        target: clock.target,
        paused,
        because: effect.because,
      });
      if (!effect.pausesFromVisit) continue;
      siteNotAccessible = true;
      if (!paused) continue; // already paused (waiting on the customer): that pause goes on
      const from = Math.max(visitStart, Number(last?.to ?? visitStart));
      await saveClock(
        deps,
        trx,
        actor.tenantId,
        { ...clock, pauses: [...clock.pauses, { from, to: null }] },
        at,
      );
    }
    // The case says the site cannot be reached until the next visit is booked (bookAppointment ends it).
    if (siteNotAccessible)
      await trx
        .updateTable('cases')
        .set({ site_not_accessible: true, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', current.case_id)
        .execute();
    await recordChange(deps, trx, actor, {
      type: 'case.appointment_no_show',
      subject: { type: 'case', id: current.case_id },
      payload: {
        appointmentId,
        by: input.by,
        note: input.note ?? null,
        startsAt: current.starts_at.toISOString(),
        clockEffects,
      },
    });
  });
  return { ...(await appointmentView(deps.db, actor, appointmentId)), clockEffects };
}

interface ClockEffect {
  clockId: string;
  side: string;
  target: string;
  paused: boolean;
  because: { en: string; zh: string };
}

import type { Actor } from '../../domain/access/index.ts';
import { conditionsOf } from '../../domain/case/index.ts';
import { applyConditions } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type AppointmentView, appointmentView } from './appointment-view.ts';
import { loadVisit } from './dispatch-facts.ts';
import { forbidden, mayDispatch } from './field-access.ts';
import { pickOffer } from './offer-slots.ts';

const shanghai = (d: Date) =>
  d.toLocaleString('en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
const shanghaiZh = (d: Date) =>
  d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });

/** The words of a confirmation or reminder: when, and who comes. */
export function appointmentWords(start: Date, technician: string) {
  return {
    en: `Visit on ${shanghai(start)} (Shanghai time), technician ${technician}`,
    zh: `上门时间 ${shanghaiZh(start)}（北京时间），技术员 ${technician}`,
  };
}

/**
 * Books a case's visit in one of the slots offered now: the customer of the case (portal) or a
 * dispatcher chooses. Recorded on the case's evidence; the customer is sent a confirmation.
 * After a visit the customer missed, booking the next one ends the site's inaccessibility, and
 * with it the pause the terms gave the clocks for it (see `recordNoShow`).
 */
export async function bookAppointment(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { technicianId: string; startsAt: string },
): Promise<AppointmentView> {
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const visit = await loadVisit(deps.db, actor, caseId, now);
  const byCustomer = actor.role === 'customer' && actor.partyId === visit.customerPartyId;
  if (!byCustomer && !mayDispatch(actor, visit.servicePartyId))
    throw forbidden('Only the customer or a dispatcher books a visit.', '只有客户或调度人员可以预约上门。');
  const { member, slots } = await pickOffer(deps, actor, visit, input.technicianId, at);
  const start = Date.parse(input.startsAt) / 1000;
  const slot = slots.find((s) => s.startsAt === start);
  if (!slot) throw new AppError('slot_not_offered');
  const existing = await deps.db
    .selectFrom('appointments')
    .select('appointment_id')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('state', '=', 'booked')
    .executeTakeFirst();
  if (existing)
    throw new AppError('invalid_transition', {
      detail: { en: 'The case has a booked visit: move it instead.', zh: '该服务单已有预约：请改期。' },
    });
  const id = deps.newId();
  const chosenBy = byCustomer ? 'customer' : 'dispatcher';
  const startsAt = new Date(slot.startsAt * 1000);
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('appointments')
      .values({
        tenant_id: actor.tenantId,
        appointment_id: id,
        case_id: caseId,
        technician_id: member.facts.id,
        site_id: visit.site.id,
        starts_at: startsAt,
        ends_at: new Date(slot.endsAt * 1000),
        state: 'booked',
        chosen_by: chosenBy,
        reminded_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'case.appointment_booked',
      subject: { type: 'case', id: caseId },
      payload: {
        appointmentId: id,
        technicianId: member.facts.id,
        siteId: visit.site.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(slot.endsAt * 1000).toISOString(),
        chosenBy,
        meetsDeadline: slot.meetsDeadline,
      },
    });
    const kase = await trx
      .selectFrom('cases')
      .select(['state', 'site_not_accessible'])
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    if (kase.site_not_accessible) {
      await trx
        .updateTable('cases')
        .set({ site_not_accessible: false, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .execute();
      await applyConditions(
        deps,
        trx,
        actor.tenantId,
        caseId,
        conditionsOf(kase.state, { siteNotAccessible: false }),
        at,
      );
    }
    await enqueueNotification(deps, trx, {
      tenantId: actor.tenantId,
      kind: 'appointment_confirmed',
      caseId,
      recipientPartyId: visit.customerPartyId,
      recipientRole: 'customer',
      subject: appointmentWords(startsAt, member.facts.name),
      payload: { appointmentId: id, startsAt: startsAt.toISOString(), technician: member.facts.name },
    });
  });
  return appointmentView(deps.db, actor, id);
}

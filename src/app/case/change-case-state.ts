import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { type CaseState, canMove, conditionsOf } from '../../domain/case/index.ts';
import { CASE_STATE_LABELS } from '../../domain/case/labels.ts';
import type { AppDeps } from '../context.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { queueSurvey } from '../survey/index.ts';
import { inTransaction } from '../transaction.ts';
import { applyConditions, saveClock } from './case-clocks.ts';
import { type CaseView, loadVisibleCase, toCaseView } from './case-view.ts';

/**
 * Moves a case to another state, or sets whether the site can be reached. The pauses the terms
 * name follow: waiting on the customer pauses the clocks whose terms say so, going back to work
 * resumes them. Resolving meets the resolution clocks; reopening lets them run again, with the
 * resolved time paused.
 */
export async function changeCaseState(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  change: {
    state?: CaseState | undefined;
    siteNotAccessible?: boolean | undefined;
    reason?: string | undefined;
  },
): Promise<CaseView> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  const staff = visibilityOf(actor).kind === 'tenant';
  const assignedPartner =
    current.service_party_id === actor.partyId && ['partner', 'technician'].includes(actor.role);
  // A distributor's staff work the cases of the units it sold (first-line support).
  const seller =
    current.seller_party_id === actor.partyId && ['agent', 'manager', 'admin'].includes(actor.role);
  if (actor.role === 'counsel' || (!staff && !assignedPartner && !seller)) throw new AppError('forbidden');
  const to = change.state ?? current.state;
  if (current.merged_into_case_id && to !== current.state) {
    // Its request lives on in the case it was merged into: work goes on there.
    throw new AppError('case_already_merged', {
      fields: [{ path: '/body/state', message: 'a merged case stays closed: work on the case it went into' }],
    });
  }
  if (to !== current.state && !canMove(current.state, to)) {
    throw new AppError('invalid_transition', {
      detail: {
        en: `A ${current.state} case cannot become ${to}.`,
        zh: `状态为 ${current.state} 的服务单不能变为 ${to}。`,
      },
      fields: [{ path: '/body/state', message: `not allowed from ${current.state}` }],
    });
  }
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const siteNotAccessible = change.siteNotAccessible ?? current.site_not_accessible;
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('cases')
      .set({ state: to, site_not_accessible: siteNotAccessible, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .execute();
    const resolving = to === 'resolved' && current.state !== 'resolved' && current.state !== 'closed';
    const reopening = to === 'in_progress' && (current.state === 'resolved' || current.state === 'closed');
    if (resolving || reopening) {
      const clocks = await trx
        .selectFrom('case_clocks')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .where('target', '=', 'resolution')
        .execute();
      for (const clock of clocks) {
        if (resolving && clock.stopped_at === null)
          await saveClock(deps, trx, actor.tenantId, { ...clock, stopped_at: at }, at);
        if (reopening && clock.stopped_at !== null) {
          const pauses = [...clock.pauses, { from: Number(clock.stopped_at), to: at }];
          await saveClock(deps, trx, actor.tenantId, { ...clock, pauses, stopped_at: null }, at);
        }
      }
    }
    await applyConditions(deps, trx, actor.tenantId, caseId, conditionsOf(to, { siteNotAccessible }), at);
    await recordChange(deps, trx, actor, {
      type: 'case.state_changed',
      subject: { type: 'case', id: caseId },
      payload: { from: current.state, to, siteNotAccessible, reason: change.reason ?? null },
    });
    if (to !== current.state) {
      // The customer hears of each move of their case, in words.
      const words = CASE_STATE_LABELS[to];
      await enqueueNotification(deps, trx, {
        tenantId: actor.tenantId,
        kind: 'case_state_changed',
        caseId,
        recipientPartyId: current.customer_party_id,
        recipientRole: 'customer',
        subject: { en: `Your case is now: ${words.en}`, zh: `服务单状态：${words.zh}` },
        payload: { from: current.state, to, reason: change.reason ?? null },
      });
    }
    if (resolving && !current.merged_into_case_id) {
      // How did we do? Asked once per case, when it is first resolved, of the customer.
      const unit = current.unit_id
        ? await trx
            .selectFrom('units')
            .select('product_id')
            .where('tenant_id', '=', actor.tenantId)
            .where('unit_id', '=', current.unit_id)
            .executeTakeFirst()
        : undefined;
      await queueSurvey(deps, trx, {
        tenantId: actor.tenantId,
        caseId,
        customerPartyId: current.customer_party_id,
        productId: unit?.product_id ?? null,
        partnerPartyId: current.service_party_id,
        agentUserId: current.assigned_user_id ?? (staff ? actor.userId : null),
      });
    }
  });
  return toCaseView(deps.db, actor, caseId, now);
}

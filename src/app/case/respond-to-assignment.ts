import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { saveClock } from './case-clocks.ts';
import { loadVisibleCase, shownNumber } from './case-view.ts';
import { weighCaseTriggers } from './weigh-case-triggers.ts';

export const PARTNER_ROLES = new Set(['partner', 'technician']);

export interface AssignmentResponse {
  decision: 'accepted' | 'declined';
  reason?: string | undefined;
}

/** What was answered; after declining, the partner no longer sees the case itself. */
export interface AssignmentAnswer {
  caseId: string;
  number: string;
  decision: 'accepted' | 'declined';
  reason: string | null;
  respondedAt: Date;
}

/**
 * The service partner a case is assigned to accepts it, or declines it with a reason. Declining
 * hands the case back to the brand: the partner's commitment clocks stop and it no longer sees
 * the case; the customer's promise keeps running (the brand still owes it).
 */
export async function respondToAssignment(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: AssignmentResponse,
): Promise<AssignmentAnswer> {
  const current = await loadVisibleCase(deps.db, actor, caseId);
  if (current.service_party_id !== actor.partyId || !PARTNER_ROLES.has(actor.role))
    throw new AppError('forbidden', {
      detail: {
        en: 'Only the assigned service partner answers an assignment.',
        zh: '只有被指派的服务伙伴可以答复指派。',
      },
    });
  const reason = input.reason?.trim() ?? '';
  if (input.decision === 'declined' && reason.length === 0)
    throw invalid([{ path: '/body/reason', message: 'say why the case is declined' }]);
  const previous = await deps.db
    .selectFrom('case_partner_responses')
    .select('decision')
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .where('party_id', '=', actor.partyId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (previous?.decision === 'accepted' && input.decision === 'accepted')
    throw new AppError('invalid_transition', {
      detail: { en: 'The case is already accepted.', zh: '该服务单已接受。' },
    });
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  await inTransaction(deps, async (trx) => {
    const entry = await recordChange(deps, trx, actor, {
      type: input.decision === 'accepted' ? 'case.partner_accepted' : 'case.partner_declined',
      subject: { type: 'case', id: caseId },
      payload: { decision: input.decision, reason: reason || null },
    });
    await trx
      .insertInto('case_partner_responses')
      .values({
        tenant_id: actor.tenantId,
        case_id: caseId,
        response_id: deps.newId(),
        party_id: actor.partyId,
        decision: input.decision,
        reason: reason || null,
        user_id: actor.userId,
        evidence_seq: entry.seq,
        created_at: now,
      })
      .execute();
    if (input.decision === 'declined') {
      const clocks = await trx
        .selectFrom('case_clocks')
        .selectAll()
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .where('side', '=', 'commitment')
        .where('stopped_at', 'is', null)
        .execute();
      for (const clock of clocks)
        await saveClock(deps, trx, actor.tenantId, { ...clock, stopped_at: at }, at);
      await trx
        .updateTable('cases')
        .set({ service_party_id: null, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('case_id', '=', caseId)
        .execute();
      // A partner's declines are a management trigger (partner non-performance), counted with this one.
      await weighCaseTriggers(deps, trx, actor, { caseId, partner: { partyId: actor.partyId } });
    }
  });
  return {
    caseId,
    number: shownNumber(actor, current),
    decision: input.decision,
    reason: reason || null,
    respondedAt: now,
  };
}

import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { stopDeadlineClock } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleReturn, type ReturnView, toReturnView } from './return-view.ts';

/**
 * Approves or rejects a requested return. Without an outcome, the terms check decides; an
 * outcome against the check (or on a request the terms refer to an agent) needs a note, and is
 * recorded as an override beside the check it departs from. Either way the decision cites the clause.
 */
export async function decideReturn(
  deps: AppDeps,
  actor: Actor,
  returnId: string,
  input: { outcome?: 'approve' | 'reject' | undefined; note?: string | undefined },
): Promise<ReturnView> {
  requireStaffWriter(actor);
  const row = await loadVisibleReturn(deps.db, actor, returnId);
  if (row.state !== 'requested') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `The return is ${row.state}, not waiting for a decision.`,
        zh: '该退货单不在待审批状态。',
      },
    });
  }
  const check = row.terms_check;
  const outcome = input.outcome ?? (check.verdict === 'refer' ? undefined : check.verdict);
  if (!outcome) {
    throw invalid([
      { path: '/body/outcome', message: 'the terms leave this request to an agent: approve or reject it' },
    ]);
  }
  const override = outcome !== check.verdict;
  if (override && !input.note?.trim()) {
    throw invalid([
      { path: '/body/note', message: `deciding against the terms check (${check.verdict}) needs a note` },
    ]);
  }
  const now = deps.now();
  const ref = check.cites[0] ?? null;
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('returns')
      .set({
        state: outcome === 'approve' ? 'approved' : 'rejected',
        decision_ref: ref,
        decision_note: input.note ?? null,
        decided_at: now,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('return_id', '=', returnId)
      .where('state', '=', 'requested')
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: outcome === 'approve' ? 'return.approved' : 'return.rejected',
      subject: { type: 'case', id: row.case_id },
      payload: {
        return: row.number,
        ref,
        reason: check.reason,
        override,
        note: input.note ?? null,
        withinDeadline: row.decide_by ? now.getTime() <= row.decide_by.getTime() : null,
      },
    });
    const kase = await trx
      .selectFrom('cases')
      .select('customer_party_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', row.case_id)
      .executeTakeFirstOrThrow();
    await enqueueNotification(deps, trx, {
      tenantId: actor.tenantId,
      kind: 'return_decided',
      caseId: row.case_id,
      recipientPartyId: kase.customer_party_id,
      recipientRole: 'customer',
      subject:
        outcome === 'approve'
          ? { en: `Your return ${row.number} is approved`, zh: `您的退货申请 ${row.number} 已批准` }
          : { en: `Your return ${row.number} is not accepted`, zh: `您的退货申请 ${row.number} 未获批准` },
      payload: {
        returnNumber: row.number,
        state: outcome === 'approve' ? 'approved' : 'rejected',
        reason: input.note ?? null,
      },
    });
    await stopDeadlineClock(deps, trx, actor, {
      kind: 'return_approval',
      subjectId: returnId,
      by: outcome === 'approve' ? 'approved' : 'rejected',
    });
  });
  return toReturnView(deps.db, actor, returnId, now);
}

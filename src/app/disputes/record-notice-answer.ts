import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { stopDeadlineClock } from '../deadlines/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadNotice } from './notice-support.ts';
import { noticeView } from './notice-view.ts';

/** The addressee's answer (by its own user, or entered by staff from a letter), stopping the cure clock. */
export async function recordNoticeAnswer(
  deps: AppDeps,
  actor: Actor,
  noticeId: string,
  input: { text: string },
) {
  const n = await loadNotice(deps, actor, noticeId);
  if (actor.partyId !== n.to_party_id) requireStaffWriter(actor);
  if (n.state !== 'sent') throw new AppError('invalid_transition');
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const answer = {
      text: input.text,
      at: now.toISOString(),
      byCounterparty: actor.partyId === n.to_party_id,
    };
    await trx
      .updateTable('notices')
      .set({ state: 'answered', answer: JSON.stringify(answer), updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('notice_id', '=', noticeId)
      .execute();
    const stopped = await stopDeadlineClock(deps, trx, actor, {
      kind: 'cure_period',
      subjectId: noticeId,
      by: 'answered',
    });
    await recordChange(deps, trx, actor, {
      type: 'notice.answered',
      subject: { type: 'notice', id: noticeId },
      payload: { number: n.number, ...answer, withinCurePeriod: stopped ? now <= stopped.due_at : false },
    });
  });
  return noticeView(deps, actor, noticeId);
}

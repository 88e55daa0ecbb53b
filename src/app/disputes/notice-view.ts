import type { Actor } from '../../domain/access/index.ts';
import { NOTICE_STATE_LABELS, type NoticeContent } from '../../domain/disputes/index.ts';
import type { AppDeps } from '../context.ts';
import { deadlineClockViews } from '../deadlines/index.ts';
import { loadNotice } from './notice-support.ts';
import { partyById } from './support.ts';

/** A notice: silence past the cure period shows as `cure_expired` (the worker records the breach). */
export async function noticeView(deps: AppDeps, actor: Actor, noticeId: string) {
  const n = await loadNotice(deps, actor, noticeId);
  const clocks = await deadlineClockViews(deps.db, actor.tenantId, 'cure_period', [noticeId], deps.now());
  const clock = clocks.get(noticeId) ?? null;
  const state = n.state === 'sent' && clock?.status === 'breached' ? 'cure_expired' : n.state;
  const to = await partyById(deps.db, actor.tenantId, n.to_party_id);
  return {
    id: n.notice_id,
    number: n.number,
    kind: n.kind,
    state,
    stateName: NOTICE_STATE_LABELS[state],
    to: { id: to.party_id, key: to.key, name: to.name },
    agreement: { id: n.agreement_id, version: n.agreement_version },
    curePeriod: n.cure_period,
    curePeriodRef: n.cure_period_ref,
    sentAt: n.sent_at?.toISOString() ?? null,
    cureDueAt: n.cure_due_at?.toISOString() ?? null,
    delivery: n.delivery as Record<string, unknown> | null,
    answer: n.answer as Record<string, unknown> | null,
    cureClock: clock
      ? {
          status: clock.status,
          dueAt: clock.dueAt.toISOString(),
          breachedAt: clock.breachedAt?.toISOString() ?? null,
        }
      : null,
    content: n.content as NoticeContent,
  };
}

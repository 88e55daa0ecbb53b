import type { Actor } from '../../domain/access/index.ts';
import { type NoticeContent, noticeSections } from '../../domain/disputes/index.ts';
import { endOfDayIn, localDateIn } from '../../domain/terms/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { startDeadlineClock } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadNotice } from './notice-support.ts';
import { noticeView } from './notice-view.ts';

export interface SendNoticeInput {
  method: 'email' | 'recorded_delivery';
  carrier?: string | undefined;
  waybill?: string | undefined;
}

/**
 * Sends a notice: by e-mail through the outbox (the letter in both languages to the addressee's
 * users), or by recorded delivery with the waybill. The cure period starts: its clock runs to the
 * end of the last day in the terms' zone, counted from the day of sending.
 */
export async function sendNotice(deps: AppDeps, actor: Actor, noticeId: string, input: SendNoticeInput) {
  requireStaffWriter(actor);
  const n = await loadNotice(deps, actor, noticeId);
  if (n.state !== 'draft') throw new AppError('invalid_transition');
  if (input.method === 'recorded_delivery' && !input.waybill?.trim()) {
    throw invalid([{ path: '/body/waybill', message: 'recorded delivery needs the waybill number' }]);
  }
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const dueOn = addToDate(localDateIn(now, zone), duration(n.cure_period));
  const cureDue = endOfDayIn(dueOn, zone);
  const content = n.content as NoticeContent;
  const delivery = {
    method: input.method,
    carrier: input.carrier ?? null,
    waybill: input.waybill ?? null,
    at: now.toISOString(),
  };
  await inTransaction(deps, async (trx) => {
    const changed = await trx
      .updateTable('notices')
      .set({
        state: 'sent',
        delivery: JSON.stringify(delivery),
        sent_at: now,
        cure_due_at: cureDue,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('notice_id', '=', noticeId)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('changed_meanwhile');
    await startDeadlineClock(deps, trx, actor.tenantId, {
      kind: 'cure_period',
      subjectId: noticeId,
      caseId: null,
      label: n.number,
      partyId: n.to_party_id,
      agreementId: n.agreement_id,
      ref: n.cure_period_ref,
      startedAt: now,
      dueAt: cureDue,
    });
    if (input.method === 'email') {
      const flat = (lang: 'en' | 'zh') => {
        const s = noticeSections(content, lang);
        return [
          s.title,
          ...s.header.map(([k, v]) => `${k}: ${v}`),
          ...s.sections.flatMap((x) => [x.heading, ...x.items]),
        ];
      };
      await enqueueNotification(deps, trx, {
        tenantId: actor.tenantId,
        kind: 'formal_notice',
        caseId: null,
        recipientPartyId: n.to_party_id,
        subject: { en: noticeSections(content, 'en').title, zh: noticeSections(content, 'zh').title },
        payload: { number: n.number, linesEn: flat('en'), linesZh: flat('zh') },
      });
    }
    await recordChange(deps, trx, actor, {
      type: 'notice.sent',
      subject: { type: 'notice', id: noticeId },
      payload: {
        number: n.number,
        delivery,
        cureDueAt: cureDue.toISOString(),
        curePeriod: n.cure_period,
        ref: n.cure_period_ref,
      },
    });
  });
  return noticeView(deps, actor, noticeId);
}

import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import {
  disputeClauseOf,
  NOTICE_STATE_LABELS,
  type NoticeContent,
  noticeHtml,
  noticeSections,
} from '../../domain/disputes/index.ts';
import { ENTRY_TYPE_LABELS } from '../../domain/evidence/index.ts';
import { formatMinor, toMinor } from '../../domain/ledger/index.ts';
import { endOfDayIn, localDateIn } from '../../domain/terms/index.ts';
import { addToDate, duration, parseDuration } from '../../domain/time/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { deadlineClockViews, startDeadlineClock, stopDeadlineClock } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  homeParty,
  NO_NOTICE,
  notFoundUnless,
  partyById,
  partyUnderAgreement,
  requireStaffWriter,
  seesCounterparty,
} from './support.ts';

export interface IssueNoticeInput {
  kind: 'breach' | 'complaint';
  to: string;
  agreement: string;
  requestIds?: string[] | undefined;
  caseIds?: string[] | undefined;
  remedy: { en: string; zh: string };
  amount?: string | undefined;
  /** Needed only when the agreement names no cure period. */
  curePeriod?: string | undefined;
}

/**
 * A formal notice drawn up from the record: the facts with their dates (the requests and their
 * missed responses, the failed cases), the clauses breached, the evidence list (the timeline
 * entries with their hashes), the remedy demanded and the cure period from the terms (or, when the
 * agreement names none, the one the sender sets, said so in the letter).
 */
export async function issueNotice(deps: AppDeps, actor: Actor, input: IssueNoticeInput) {
  requireStaffWriter(actor);
  const now = deps.now();
  const {
    zone,
    party: to,
    agreement,
  } = await partyUnderAgreement(deps.db, actor.tenantId, {
    party: input.to,
    partyPath: '/body/to',
    agreement: input.agreement,
    at: now,
    mustBeParty: true,
  });
  const clause = disputeClauseOf(agreement);
  let cure: NoticeContent['cure'];
  if (clause.cure) {
    cure = {
      period: clause.cure.period,
      ref: clause.cure.ref,
      days: duration(clause.cure.period).days || null,
      setBySender: false,
    };
  } else {
    const p = input.curePeriod ? parseDuration(input.curePeriod) : null;
    if (!p?.ok || p.duration.days === 0 || p.duration.hours + p.duration.minutes + p.duration.seconds > 0) {
      throw invalid([
        {
          path: '/body/curePeriod',
          message: `${agreement.id} names no cure period: give one in days (e.g. P15D)`,
          messageZh: `${agreement.id} 未约定补救期：请以天数给出（如 P15D）`,
        },
      ]);
    }
    cure = { period: input.curePeriod!, ref: null, days: p.duration.days, setBySender: true };
  }
  const from = await homeParty(deps.db, actor.tenantId);
  const facts: NoticeContent['facts'] = [];
  const clauses = new Map<string, NoticeContent['clauses'][number]>();
  const subjects: string[] = [];
  for (const requestId of input.requestIds ?? []) {
    const r = await deps.db
      .selectFrom('supplier_requests')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!r || r.supplier_party_id !== to.party_id)
      throw invalid([{ path: '/body/requestIds', message: `no request ${requestId} to ${to.key}` }]);
    subjects.push(r.request_id);
    facts.push({
      on: localDateIn(r.opened_at, zone),
      text: {
        en: `We asked for support under request ${r.number}: ${r.subject}.`,
        zh: `我方以支持请求 ${r.number} 请求技术支持：${r.subject}。`,
      },
    });
    const msgs = await deps.db
      .selectFrom('supplier_request_messages')
      .select('message_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('request_id', '=', r.request_id)
      .execute();
    subjects.push(...msgs.map((m) => m.message_id));
    const clocks = await deadlineClockViews(
      deps.db,
      actor.tenantId,
      'supplier_response',
      msgs.map((m) => m.message_id),
      now,
    );
    for (const c of clocks.values()) {
      if (c.status === 'breached' || c.late) {
        const due = c.dueAt.toISOString();
        facts.push({
          on: localDateIn(c.dueAt, zone),
          text: {
            en: `No response to request ${r.number} by ${due}, the time ${c.ref ?? 'the agreement'} allows (${agreement.support?.response ?? ''}).`,
            zh: `支持请求 ${r.number} 未在 ${due} 前获得答复，超过 ${c.ref ?? '协议'} 规定的时限（${agreement.support?.response ?? ''}）。`,
          },
        });
        const ref = c.ref ?? agreement.support?.ref ?? '';
        clauses.set(ref, {
          ref,
          text: {
            en: `Technical support: respond within ${agreement.support?.response ?? ''} (business time, ${agreement.support?.calendar ?? ''})`,
            zh: `技术支持：须在 ${agreement.support?.response ?? ''}（工作时间，${agreement.support?.calendar ?? ''}）内响应`,
          },
        });
      }
    }
  }
  for (const caseId of input.caseIds ?? []) {
    const c = await deps.db
      .selectFrom('cases')
      .select(['case_id', 'number', 'opened_at', 'description'])
      .where('tenant_id', '=', actor.tenantId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!c) throw invalid([{ path: '/body/caseIds', message: `no case ${caseId}` }]);
    subjects.push(c.case_id);
    facts.push({
      on: localDateIn(c.opened_at, zone),
      text: {
        en: `Failure reported in case ${c.number}: ${c.description}`,
        zh: `服务单 ${c.number} 报告故障：${c.description}`,
      },
    });
    if (agreement.coverage?.ref) {
      clauses.set(agreement.coverage.ref, {
        ref: agreement.coverage.ref,
        text: {
          en: `Quality warranty: ${agreement.coverage.duration ?? ''} against ${(agreement.coverage.covers ?? []).join(', ')}; remedies ${(agreement.coverage.remedies ?? []).join(', ')}`,
          zh: `质量保证：${agreement.coverage.duration ?? ''}，涵盖 ${(agreement.coverage.covers ?? []).join('、')}；补救方式 ${(agreement.coverage.remedies ?? []).join('、')}`,
        },
      });
    }
  }
  const entries =
    subjects.length === 0
      ? []
      : await deps.db
          .selectFrom('timeline_entries')
          .select(['seq', 'entry_type', 'recorded_at', 'hash'])
          .where('tenant_id', '=', actor.tenantId)
          .where('subject_id', 'in', subjects)
          .orderBy('seq')
          .limit(500)
          .execute();
  let amount: NoticeContent['amount'] = null;
  if (input.amount) {
    const currency = agreement.currency ?? 'CNY';
    try {
      const minor = toMinor(input.amount, currency);
      amount = { minor, currency, text: formatMinor(minor, currency) };
    } catch (error) {
      throw invalid([{ path: '/body/amount', message: (error as Error).message }]);
    }
  }
  const id = await inTransaction(deps, async (trx) => {
    const noticeId = deps.newId();
    const number = await nextNumber(trx, actor.tenantId, 'notice', 'N');
    const content: NoticeContent = {
      kind: input.kind,
      number,
      date: localDateIn(now, zone),
      from: { name: from.name, nameZh: from.name_zh },
      to: { name: to.name, nameZh: to.name_zh },
      agreement: { id: agreement.id, version: agreement.version, title: agreement.title },
      facts: facts.sort((a, b) => a.on.localeCompare(b.on)),
      clauses: [...clauses.values()],
      evidence: entries.map((e) => ({
        seq: Number(e.seq),
        type: e.entry_type,
        recordedAt: new Date(e.recorded_at).toISOString(),
        hash: e.hash,
        label: ENTRY_TYPE_LABELS[e.entry_type as keyof typeof ENTRY_TYPE_LABELS] ?? {
          en: e.entry_type,
          zh: e.entry_type,
        },
      })),
      remedy: input.remedy,
      amount,
      cure,
      findings: clause.findings
        .filter((f) => f.code === 'no_cure_period' && cure.setBySender)
        .map((f) => f.text),
    };
    await trx
      .insertInto('notices')
      .values({
        tenant_id: actor.tenantId,
        notice_id: noticeId,
        number,
        kind: input.kind,
        to_party_id: to.party_id,
        agreement_id: agreement.id,
        agreement_version: agreement.version,
        content: JSON.stringify(content),
        cure_period: cure.period,
        cure_period_ref: cure.ref,
        state: 'draft',
        delivery: null,
        sent_at: null,
        cure_due_at: null,
        answer: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'notice.issued',
      subject: { type: 'notice', id: noticeId },
      payload: { number, content },
    });
    return noticeId;
  });
  return noticeView(deps, actor, id);
}

async function loadNotice(deps: AppDeps, actor: Actor, noticeId: string) {
  const n = await deps.db
    .selectFrom('notices')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('notice_id', '=', noticeId)
    .executeTakeFirst();
  notFoundUnless(n !== undefined && seesCounterparty(actor, n.to_party_id), NO_NOTICE);
  // The addressee sees a notice once it is sent, never the brand's drafts.
  notFoundUnless(readsBrandInternals(actor) || n!.state !== 'draft', NO_NOTICE);
  return n!;
}

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

export async function listNotices(deps: AppDeps, actor: Actor) {
  let q = deps.db
    .selectFrom('notices')
    .select('notice_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('created_at', 'desc')
    .limit(200);
  if (!readsBrandInternals(actor))
    q = q.where('to_party_id', '=', actor.partyId).where('state', '<>', 'draft');
  const rows = await q.execute();
  return { items: await Promise.all(rows.map((r) => noticeView(deps, actor, r.notice_id))) };
}

/** The letter as HTML (both languages) or Word. */
export async function noticeLetter(deps: AppDeps, actor: Actor, noticeId: string, format: 'html' | 'docx') {
  const n = await loadNotice(deps, actor, noticeId);
  const content = n.content as NoticeContent;
  if (format === 'html')
    return {
      body: Buffer.from(noticeHtml(content)),
      mediaType: 'text/html; charset=utf-8',
      name: `${n.number}.html`,
    };
  const children: Paragraph[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const s = noticeSections(content, lang);
    children.push(
      new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: lang === 'zh' }),
    );
    for (const [k, v] of s.header)
      children.push(
        new Paragraph({ children: [new TextRun({ text: `${k}: `, bold: true }), new TextRun(v)] }),
      );
    for (const x of s.sections) {
      children.push(new Paragraph({ text: x.heading, heading: HeadingLevel.HEADING_2 }));
      x.items.forEach((item, i) => {
        children.push(new Paragraph({ text: `${i + 1}. ${item}`, alignment: AlignmentType.LEFT }));
      });
    }
  }
  const doc = new Document({ sections: [{ children }] });
  return {
    body: await Packer.toBuffer(doc),
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    name: `${n.number}.docx`,
  };
}

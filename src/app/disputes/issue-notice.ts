import type { Actor } from '../../domain/access/index.ts';
import { disputeClauseOf, type NoticeContent } from '../../domain/disputes/index.ts';
import { ENTRY_TYPE_LABELS } from '../../domain/evidence/index.ts';
import { formatMinor, toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { duration, parseDuration } from '../../domain/time/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { deadlineClockViews } from '../deadlines/index.ts';
import { invalid } from '../errors.ts';
import { recordChange, sequenceLog } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { noticeView } from './notice-view.ts';
import { requestFiles } from './supplier-request-files.ts';
import { homeParty, partyUnderAgreement } from './support.ts';

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
  const files: NonNullable<NoticeContent['files']> = [];
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
    for (const list of (await requestFiles(deps.db, actor.tenantId, r.request_id)).values())
      for (const f of list)
        files.push({
          request: r.number,
          name: f.name,
          mediaType: f.mediaType,
          size: f.size,
          sha256: f.sha256,
        });
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
  // A notice cites entries by their hash: chain what is committed first, and cite chained entries only.
  if (subjects.length > 0) await sequenceLog(deps, actor.tenantId, { waitMs: 5_000 });
  const entries =
    subjects.length === 0
      ? []
      : await deps.db
          .selectFrom('timeline_entries')
          .select(['seq', 'entry_type', 'recorded_at', 'hash'])
          .where('tenant_id', '=', actor.tenantId)
          .where('subject_id', 'in', subjects)
          .where('hash', 'is not', null)
          .$narrowType<{ hash: string }>()
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
      files,
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

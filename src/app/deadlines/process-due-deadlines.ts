import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { eachUnderSavepoint, recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import {
  DEADLINE_WORDS,
  type DeadlineClockRow,
  deadlinePayload,
  deadlineSubject,
  nextDeadlineCheck,
} from './deadline-clocks.ts';

export interface DeadlineReport {
  claimed: number;
  warnings: number;
  breaches: number;
  /** Clocks found with their return decided or part handed over by another path, stopped without a breach. */
  stopped: number;
  /** Deadlines that could not be processed: undone, tried again in an hour (for the log). */
  failed: Array<{ kind: string; subject: string; error: string }>;
  /** The deadlines breached in this pass, for the management triggers of the party who must act. */
  breached: Array<{ tenantId: string; kind: string; caseId: string; partyId: string | null }>;
}

/** The state in which the party has still not acted: a return undecided, a part not yet shipped. */
const WAITING = {
  return_approval: 'requested',
  defective_return: 'pending',
  // A message to the supplier not yet answered; a notice sent and not answered.
  supplier_response: 'unanswered',
  cure_period: 'sent',
} as const;

/**
 * One pass of the clock worker over the deadlines of returns and defective-part returns: claims the
 * clocks whose next check has come (`FOR UPDATE SKIP LOCKED`, so any number of workers can run),
 * records the warning at its share of the time and the breach once the deadline has passed with
 * the party still not acted, each once, on the case's timeline citing the clause that set the
 * deadline, with a message in the outbox to the party who must act. Everything for a deadline
 * commits together; one that fails is undone alone (a savepoint) and tried again in an hour.
 */
export async function processDueDeadlines(deps: AppDeps, limit = 200): Promise<DeadlineReport> {
  const now = deps.now();
  const report: DeadlineReport = {
    claimed: 0,
    warnings: 0,
    breaches: 0,
    stopped: 0,
    failed: [],
    breached: [],
  };
  await inTransaction(deps, async (trx) => {
    const rows = await trx
      .selectFrom('deadline_clocks')
      .selectAll()
      .where('next_check_at', '<=', now)
      .where('stopped_at', 'is', null)
      .orderBy('next_check_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    report.claimed = rows.length;
    const failed = await eachUnderSavepoint(trx, rows, report, (row: DeadlineClockRow) =>
      processDeadline(deps, trx, row, now, report.breached),
    );
    // As for SLA clocks: one deadline that cannot be processed is undone alone and tried again later.
    for (const { row, error } of failed) {
      report.failed.push({ kind: row.kind, subject: row.subject_id, error });
      await trx
        .updateTable('deadline_clocks')
        .set({ next_check_at: new Date(now.getTime() + FAILED_RETRY_MS) })
        .where('tenant_id', '=', row.tenant_id)
        .where('kind', '=', row.kind)
        .where('subject_id', '=', row.subject_id)
        .execute();
    }
  });
  return report;
}

/** How long a deadline that failed to process waits before the worker tries it again. */
const FAILED_RETRY_MS = 3_600_000;

/** One claimed deadline: stopped if acted on meanwhile, else its warning and breach, each once. */
async function processDeadline(
  deps: AppDeps,
  trx: Tx,
  row: DeadlineClockRow,
  now: Date,
  breachedNow: DeadlineReport['breached'],
): Promise<Pick<DeadlineReport, 'warnings' | 'breaches' | 'stopped'>> {
  const tally = { warnings: 0, breaches: 0, stopped: 0 };
  const author = { tenantId: row.tenant_id, userId: null, authenticatedBy: 'system' as const };
  const marks: Pick<DeadlineClockRow, 'warned_at' | 'breached_at' | 'stopped_at' | 'stopped_by'> = {
    warned_at: row.warned_at,
    breached_at: row.breached_at,
    stopped_at: null,
    stopped_by: null,
  };
  const state = await subjectState(trx, row);
  if (state !== WAITING[row.kind]) {
    // Acted on without the clock being stopped (e.g. by a path that predates the clocks): no breach.
    marks.stopped_at = now;
    marks.stopped_by = state ?? 'gone';
    tally.stopped++;
  } else {
    const breached = now.getTime() > row.due_at.getTime();
    if (marks.warned_at === null && (breached || now.getTime() >= row.warn_at.getTime())) {
      await recordChange(deps, trx, author, {
        type: 'deadline.warning',
        subject: deadlineSubject(row),
        payload: { ...deadlinePayload(row), remainingSeconds: secondsBetween(now, row.due_at) },
      });
      await trx
        .insertInto('outbox')
        .values(message(deps, row, 'warning'))
        .execute();
      marks.warned_at = now;
      tally.warnings++;
    }
    if (marks.breached_at === null && breached) {
      await recordChange(deps, trx, author, {
        type: 'deadline.breached',
        subject: deadlineSubject(row),
        payload: { ...deadlinePayload(row), overdueSeconds: secondsBetween(row.due_at, now) },
      });
      await trx
        .insertInto('outbox')
        .values(message(deps, row, 'breached'))
        .execute();
      marks.breached_at = now;
      tally.breaches++;
    }
  }
  await trx
    .updateTable('deadline_clocks')
    .set({ ...marks, next_check_at: nextDeadlineCheck({ ...row, ...marks }) })
    .where('tenant_id', '=', row.tenant_id)
    .where('kind', '=', row.kind)
    .where('subject_id', '=', row.subject_id)
    .execute();
  // A supplier's or a notice's clock has no case: nothing for the case's triggers to weigh.
  if (tally.breaches > 0 && row.case_id !== null)
    breachedNow.push({ tenantId: row.tenant_id, kind: row.kind, caseId: row.case_id, partyId: row.party_id });
  return tally;
}

const secondsBetween = (from: Date, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

async function subjectState(trx: Kysely<Database>, row: DeadlineClockRow): Promise<string | undefined> {
  if (row.kind === 'supplier_response') {
    const m = await trx
      .selectFrom('supplier_request_messages')
      .select('answered_at')
      .where('tenant_id', '=', row.tenant_id)
      .where('message_id', '=', row.subject_id)
      .executeTakeFirst();
    return m ? (m.answered_at === null ? 'unanswered' : 'answered') : undefined;
  }
  if (row.kind === 'cure_period') {
    const n = await trx
      .selectFrom('notices')
      .select('state')
      .where('tenant_id', '=', row.tenant_id)
      .where('notice_id', '=', row.subject_id)
      .executeTakeFirst();
    return n?.state;
  }
  if (row.kind === 'return_approval') {
    const r = await trx
      .selectFrom('returns')
      .select('state')
      .where('tenant_id', '=', row.tenant_id)
      .where('return_id', '=', row.subject_id)
      .executeTakeFirst();
    return r?.state;
  }
  const d = await trx
    .selectFrom('defective_returns')
    .select('state')
    .where('tenant_id', '=', row.tenant_id)
    .where('defective_id', '=', row.subject_id)
    .executeTakeFirst();
  return d?.state;
}

/**
 * The message to the party who must act: the brand's staff decide returns; the partner holding a
 * defective part ships it back. In Chinese and English, naming the deadline and the clause.
 */
function message(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  row: DeadlineClockRow,
  what: 'warning' | 'breached',
): Insertable<Database['outbox']> {
  const words = DEADLINE_WORDS[row.kind];
  const due = row.due_at.toISOString();
  const cite = row.ref ? ` (${row.agreement_id ?? ''} ${row.ref})` : '';
  const citeZh = row.ref ? `（${row.agreement_id ?? ''} ${row.ref}）` : '';
  const label = {
    return_approval: `return ${row.label}`,
    defective_return: `part ${row.label}`,
    supplier_response: `support request ${row.label}`,
    cure_period: `notice ${row.label}`,
  }[row.kind];
  const labelZh = {
    return_approval: `退货单 ${row.label}`,
    defective_return: `故障件 ${row.label}`,
    supplier_response: `支持请求 ${row.label}`,
    cure_period: `通知 ${row.label}`,
  }[row.kind];
  return {
    tenant_id: row.tenant_id,
    message_id: deps.newId(),
    kind: `deadline_${what}`,
    // A supplier's missed answer or a cure period's end is the brand's to act on (null: the home party).
    recipient_party_id: row.kind === 'supplier_response' || row.kind === 'cure_period' ? null : row.party_id,
    // The brand decides returns and watches its suppliers' answers and cure periods; a partner ships parts back.
    recipient_role: row.kind === 'defective_return' ? 'partner' : 'staff',
    subject_en:
      what === 'warning'
        ? `Deadline near: ${words.en} for ${label} due ${due}${cite}`
        : `Deadline missed: ${words.en} for ${label} was due ${due}${cite}`,
    subject_zh:
      what === 'warning'
        ? `期限将至：${labelZh} 的${words.zh}须于 ${due} 前完成${citeZh}`
        : `已逾期：${labelZh} 的${words.zh}期限为 ${due}${citeZh}`,
    payload: JSON.stringify({
      deadline: row.kind,
      subjectId: row.subject_id,
      caseId: row.case_id,
      dueAt: due,
      ref: row.ref,
    }),
    created_at: deps.now(),
    sent_at: null,
  };
}

import { type Kysely, sql } from 'kysely';
import { type Database, readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { type DeadlineReport, processDueDeadlines } from '../deadlines/index.ts';
import { enqueueNotification } from '../delivery/index.ts';
import { AppError } from '../errors.ts';
import { eachUnderSavepoint, recordChange } from '../evidence/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type ClockRow, clockView, PENDING_RECHECK_SECONDS, saveClock } from './case-clocks.ts';
import { raiseEscalation } from './raise-escalation.ts';
import { weighCaseTriggers } from './weigh-case-triggers.ts';

export interface WorkerReport {
  claimed: number;
  warnings: number;
  breaches: number;
  escalations: number;
  /** Clocks left for an hour because the year now begun has no official holidays loaded. */
  notCovered: number;
  /** Clocks that could not be processed: undone, tried again in an hour (for the log). */
  failed: Array<{ clock: string; case: string; error: string }>;
  /** The deadlines of returns and defective-part returns, looked at in the same pass. */
  deadlines: DeadlineReport;
}

/**
 * One pass of the clock worker: claims clocks whose next check has come (`FOR UPDATE SKIP LOCKED`,
 * so any number of workers can run side by side), records the warning at its share of the target
 * and the breach at the deadline, each once, and raises the escalations the terms attach to a
 * breach of that target. Everything for a clock commits together; a clock that fails is undone
 * alone and tried again later, so it cannot hold up the others. Then, in its own transaction,
 * the same for the deadlines of returns and defective-part returns (`processDueDeadlines`).
 */
export async function processDueClocks(deps: AppDeps, limit = 200): Promise<WorkerReport> {
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const report: WorkerReport = {
    claimed: 0,
    warnings: 0,
    breaches: 0,
    escalations: 0,
    notCovered: 0,
    failed: [],
    deadlines: { claimed: 0, warnings: 0, breaches: 0, stopped: 0, failed: [], breached: [] },
  };
  await inTransaction(deps, async (trx) => {
    // One pass at a time across servers. Passes of two servers used to queue on the tenant's
    // evidence chain head; appends take no lock now (migration 0045), and two passes side by side
    // deadlocked on the rows their clocks share (a case's risk, the day's SLA rollup), putting a
    // breach off by an hour. A pass is short; the next server's waits for it, then claims the rest.
    await sql`SELECT pg_advisory_xact_lock(hashtext('servicebook_clock_worker'))`.execute(trx);
    const rows = await trx
      .selectFrom('case_clocks')
      .selectAll()
      .where('next_check_at', '<=', at)
      .where('stopped_at', 'is', null)
      .orderBy('next_check_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    report.claimed = rows.length;
    const failed = await eachUnderSavepoint(trx, rows, report, (row: ClockRow) =>
      processClock(deps, trx, row, at),
    );
    // One clock that cannot be processed (its calendar or agreement version missing, say) must
    // not stop the others: what it wrote is undone, it is looked at again in an hour, and the
    // failure is reported for the log.
    for (const { row, error } of failed) {
      report.failed.push({ clock: row.clock_id, case: row.case_id, error });
      await retryLater(trx, row, at + FAILED_RETRY_SECONDS);
    }
  });
  report.deadlines = await processDueDeadlines(deps, limit);
  // A defective part now overdue is a management trigger for the partner holding it.
  const overdue = report.deadlines.breached.filter((b) => b.kind === 'defective_return' && b.partyId);
  if (overdue.length > 0)
    await inTransaction(deps, async (trx) => {
      for (const b of overdue)
        report.escalations += await weighCaseTriggers(
          deps,
          trx,
          { tenantId: b.tenantId, userId: null, authenticatedBy: 'system' },
          { caseId: b.caseId, partner: { partyId: b.partyId } },
        );
    });
  return report;
}

/** How long a clock that failed to process waits before the worker tries it again. */
const FAILED_RETRY_SECONDS = 3600;

type ClockTally = Pick<WorkerReport, 'warnings' | 'breaches' | 'escalations' | 'notCovered'>;

function retryLater(trx: Kysely<Database>, row: ClockRow, at: number) {
  return trx
    .updateTable('case_clocks')
    .set({ next_check_at: at })
    .where('tenant_id', '=', row.tenant_id)
    .where('case_id', '=', row.case_id)
    .where('clock_id', '=', row.clock_id)
    .execute();
}

/** One claimed clock: its warning, its breach and the escalations, each recorded once. */
async function processClock(deps: AppDeps, trx: Tx, row: ClockRow, at: number) {
  const tally: ClockTally = { warnings: 0, breaches: 0, escalations: 0, notCovered: 0 };
  const author = { tenantId: row.tenant_id, userId: null, authenticatedBy: 'system' as const };
  const view = await clockView(trx, row.tenant_id, row, at).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'calendar_not_covered') return undefined;
    throw error;
  });
  if (!view) {
    // The year now begun has no official holidays loaded: nothing can be counted, nor guessed.
    // Look again in an hour; the console and the API say why (calendar_not_covered).
    tally.notCovered++;
    await retryLater(trx, row, at + PENDING_RECHECK_SECONDS);
    return tally;
  }
  const marks = { warned_at: row.warned_at, breach_recorded_at: row.breach_recorded_at };
  const what = {
    target: row.target,
    side: row.side,
    owedBy: row.owed_by,
    ref: row.ref,
    dueAt: view.dueAt,
    agreement: `${row.agreement_id}@${row.agreement_version}`,
  };
  const elapsed = row.target_seconds - view.remainingSeconds;
  if (
    marks.warned_at === null &&
    (view.status === 'breached' || elapsed >= Math.floor(row.target_seconds * deps.settings.slaWarnShare))
  ) {
    await recordChange(deps, trx, author, {
      type: 'sla.warning',
      subject: { type: 'case', id: row.case_id },
      payload: { ...what, remainingSeconds: view.remainingSeconds },
    });
    await notifyOwnerAndSupervisor(deps, trx, row, 'sla_warning', what);
    marks.warned_at = at;
    tally.warnings++;
  }
  if (marks.breach_recorded_at === null && view.status === 'breached') {
    await recordChange(deps, trx, author, {
      type: 'sla.breached',
      subject: { type: 'case', id: row.case_id },
      payload: what,
    });
    await notifyOwnerAndSupervisor(deps, trx, row, 'sla_breached', what);
    marks.breach_recorded_at = at;
    tally.breaches++;
    tally.escalations += await escalateBreach(deps, trx, author, row);
  }
  await saveClock(deps, trx, row.tenant_id, { ...row, ...marks }, at);
  // A partner's missed commitment is a management trigger, counted with this one once saved.
  if (row.side === 'commitment' && row.breach_recorded_at === null && marks.breach_recorded_at !== null)
    tally.escalations += await weighCaseTriggers(deps, trx, author, {
      caseId: row.case_id,
      partner: { key: row.owed_by },
    });
  return tally;
}

const TARGET_WORDS = {
  response: { en: 'response', zh: '响应' },
  onsite: { en: 'on-site', zh: '到场' },
  resolution: { en: 'resolution', zh: '解决' },
} as Record<string, { en: string; zh: string }>;

/** A warning or a breach goes to the case's owner (the assigned agent) and to the supervisors. */
async function notifyOwnerAndSupervisor(
  deps: AppDeps,
  trx: Tx,
  row: { tenant_id: string; case_id: string; target: string },
  kind: 'sla_warning' | 'sla_breached',
  what: Record<string, unknown>,
): Promise<void> {
  const kase = await trx
    .selectFrom('cases')
    .select('assigned_user_id')
    .where('tenant_id', '=', row.tenant_id)
    .where('case_id', '=', row.case_id)
    .executeTakeFirst();
  const t = TARGET_WORDS[row.target] ?? { en: row.target, zh: row.target };
  const subject =
    kind === 'sla_warning'
      ? { en: `The ${t.en} target is close`, zh: `${t.zh}时限即将到期` }
      : { en: `The ${t.en} target was missed`, zh: `${t.zh}时限已逾期` };
  const base = { tenantId: row.tenant_id, kind, caseId: row.case_id, subject };
  if (kase?.assigned_user_id)
    await enqueueNotification(deps, trx, {
      ...base,
      recipientUserId: kase.assigned_user_id,
      payload: { ...what, as: 'owner' },
    });
  await enqueueNotification(deps, trx, {
    ...base,
    recipientRole: 'supervisor',
    payload: { ...what, as: 'supervisor' },
  });
}

async function escalateBreach(
  deps: AppDeps,
  trx: Tx,
  author: { tenantId: string; userId: null; authenticatedBy: 'system' },
  row: {
    tenant_id: string;
    case_id: string;
    agreement_id: string;
    agreement_version: number;
    target: string;
    ref: string | null;
  },
): Promise<number> {
  const stored = await trx
    .selectFrom('agreement_versions')
    .select('content')
    .where('tenant_id', '=', row.tenant_id)
    .where('agreement_key', '=', row.agreement_id)
    .where('version', '=', row.agreement_version)
    .executeTakeFirst();
  if (!stored) return 0;
  const agreement = readJson(stored.content);
  const caseRow = await trx
    .selectFrom('cases')
    .select('number')
    .where('tenant_id', '=', row.tenant_id)
    .where('case_id', '=', row.case_id)
    .executeTakeFirstOrThrow();
  let raised = 0;
  for (const rule of agreement.escalation?.rules ?? []) {
    if (rule.when.breached !== row.target) continue;
    const ok = await raiseEscalation(deps, trx, author, {
      caseId: row.case_id,
      caseNumber: caseRow.number,
      agreement: { id: agreement.id, version: agreement.version, ref: agreement.escalation?.ref ?? null },
      rule,
      trigger: { breached: rule.when.breached },
    });
    if (ok) raised++;
  }
  return raised;
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { DeadlineClockTable, DeadlineKind } from '../../store/schema-operations.ts';
import type { AppDeps } from '../context.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import type { Tx } from '../transaction.ts';

export type DeadlineClockRow = Selectable<DeadlineClockTable>;

/** What a deadline is, in words a person reads: the thing owed, and who owes it. */
export const DEADLINE_WORDS: Record<DeadlineKind, { en: string; zh: string }> = {
  return_approval: { en: 'decision on return', zh: '退货审批' },
  defective_return: { en: 'return of defective part', zh: '故障件返还' },
  supplier_response: { en: 'supplier’s support response', zh: '供应商支持响应' },
  cure_period: { en: 'remedy within the cure period', zh: '补救期内纠正违约' },
};

/**
 * What a deadline's entries are recorded on: the case for a return or a defective part; for a
 * supplier's response, the brand's message awaiting it (a request's dossier carries its messages);
 * for a cure period, the notice (migration 0027).
 */
export function deadlineSubject(row: Pick<DeadlineClockRow, 'kind' | 'case_id' | 'subject_id'>): {
  type: 'case' | 'supplier_request' | 'notice';
  id: string;
} {
  if (row.kind === 'supplier_response') return { type: 'supplier_request', id: row.subject_id };
  if (row.kind === 'cure_period') return { type: 'notice', id: row.subject_id };
  return { type: 'case', id: row.case_id! };
}

export interface DeadlineStart {
  kind: DeadlineKind;
  subjectId: string;
  caseId: string | null;
  /** The return's number or the part number. */
  label: string;
  /** Who must act before the deadline. */
  partyId: string | null;
  agreementId: string | null;
  ref: string | null;
  startedAt: Date;
  dueAt: Date;
}

/**
 * A new deadline clock: its warning point is the configured share of the time from start to
 * deadline (75% by default), which is when the worker first needs to look at it.
 */
export function deadlineClockRow(
  deps: Pick<AppDeps, 'settings'>,
  tenantId: string,
  start: DeadlineStart,
): Insertable<DeadlineClockTable> {
  const from = start.startedAt.getTime();
  const due = Math.max(from, start.dueAt.getTime());
  const warnAt = new Date(from + Math.floor((due - from) * deps.settings.slaWarnShare));
  return {
    tenant_id: tenantId,
    kind: start.kind,
    subject_id: start.subjectId,
    case_id: start.caseId,
    label: start.label,
    party_id: start.partyId,
    agreement_id: start.agreementId,
    ref: start.ref,
    started_at: start.startedAt,
    warn_at: warnAt,
    due_at: new Date(due),
    warned_at: null,
    breached_at: null,
    stopped_at: null,
    stopped_by: null,
    next_check_at: warnAt,
  };
}

/** Starts a deadline clock in the transaction that sets the deadline. */
export async function startDeadlineClock(
  deps: Pick<AppDeps, 'settings'>,
  trx: Tx,
  tenantId: string,
  start: DeadlineStart,
): Promise<void> {
  await trx
    .insertInto('deadline_clocks')
    .values(deadlineClockRow(deps, tenantId, start))
    .execute();
}

/**
 * When the worker must next look at a clock: its warning point, then just past its deadline (a
 * deadline is kept by acting at it), each until recorded; a stopped clock needs no look.
 */
export function nextDeadlineCheck(
  row: Pick<DeadlineClockRow, 'warn_at' | 'due_at' | 'warned_at' | 'breached_at' | 'stopped_at'>,
): Date | null {
  if (row.stopped_at !== null) return null;
  if (row.warned_at === null) return row.warn_at;
  if (row.breached_at === null) return new Date(row.due_at.getTime() + 1);
  return null;
}

/**
 * Stops a running deadline clock (the return decided, the part shipped) in the caller's
 * transaction and records the stop on the case's timeline: in time or late, citing the clause.
 * A clock already stopped, or none (no deadline was set), records nothing.
 */
export async function stopDeadlineClock(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  author: ChangeAuthor,
  stop: { kind: DeadlineKind; subjectId: string; by: string },
): Promise<DeadlineClockRow | null> {
  const now = deps.now();
  const row = await trx
    .updateTable('deadline_clocks')
    .set({ stopped_at: now, stopped_by: stop.by, next_check_at: null })
    .where('tenant_id', '=', author.tenantId)
    .where('kind', '=', stop.kind)
    .where('subject_id', '=', stop.subjectId)
    .where('stopped_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  await recordChange(deps, trx, author, {
    type: 'deadline.stopped',
    subject: deadlineSubject(row),
    payload: {
      ...deadlinePayload(row),
      stoppedBy: stop.by,
      late: now.getTime() > row.due_at.getTime(),
    },
  });
  return row;
}

/** What every timeline entry about a deadline clock says: which deadline, when, and the clause that set it. */
export function deadlinePayload(row: DeadlineClockRow) {
  return {
    deadline: row.kind,
    subjectId: row.subject_id,
    label: row.label,
    startedAt: row.started_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    agreement: row.agreement_id,
    ref: row.ref,
    party: row.party_id,
  };
}

export type DeadlineStatus = 'running' | 'warned' | 'breached' | 'stopped';

export interface DeadlineClockView {
  status: DeadlineStatus;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  /** When the worker recorded the warning and the breach (null: not recorded). */
  warnedAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
  /** What stopped it: the decision (`approved`, `rejected`) or the hand-over (`shipped`, `received`). */
  stoppedBy: string | null;
  /** Stopped after the deadline; null while running. */
  late: boolean | null;
  ref: string | null;
}

/** A clock's state at `now`: stopped, or by where `now` falls against its warning point and deadline. */
export function deadlineClockView(row: DeadlineClockRow, now: Date): DeadlineClockView {
  const t = now.getTime();
  const status: DeadlineStatus =
    row.stopped_at !== null
      ? 'stopped'
      : row.breached_at !== null || t > row.due_at.getTime()
        ? 'breached'
        : row.warned_at !== null || t >= row.warn_at.getTime()
          ? 'warned'
          : 'running';
  return {
    status,
    startedAt: row.started_at,
    warnAt: row.warn_at,
    dueAt: row.due_at,
    warnedAt: row.warned_at,
    breachedAt: row.breached_at,
    stoppedAt: row.stopped_at,
    stoppedBy: row.stopped_by,
    late: row.stopped_at === null ? null : row.stopped_at.getTime() > row.due_at.getTime(),
    ref: row.ref,
  };
}

/** The clocks of some returns or defective returns, by subject id, as they stand at `now`. */
export async function deadlineClockViews(
  db: Kysely<Database>,
  tenantId: string,
  kind: DeadlineKind,
  subjectIds: string[],
  now: Date,
): Promise<Map<string, DeadlineClockView>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deadline_clocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .where('subject_id', 'in', subjectIds)
    .execute();
  return new Map(rows.map((r) => [r.subject_id, deadlineClockView(r, now)]));
}

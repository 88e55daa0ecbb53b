import type { Kysely, Selectable } from 'kysely';
import type { CompiledCalendar } from '../../domain/calendar/index.ts';
import {
  type ClockState,
  clockState,
  dueAt,
  OfficialScheduleNotCovered,
} from '../../domain/calendar/index.ts';
import type { ClockPlan } from '../../domain/case/index.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import type { Database } from '../../store/schema.ts';
import { calendarFor, latestCalendarVersion, withCalendarYears } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';

export type ClockRow = Selectable<Database['case_clocks']>;

/** How often the worker looks again at a clock whose deadline is pending (its year not loaded). */
export const PENDING_RECHECK_SECONDS = 3600;

/**
 * When the worker must next look at a clock: its warning point (a share of the target, 75% by
 * default), then its deadline, each until recorded. A stopped clock, or one paused with its
 * deadline unknown, needs no look until something changes it. A clock whose deadline is pending
 * (in a year whose official holidays are not loaded) is looked at every hour, so its deadline is
 * stored soon after the year is loaded, and at the latest when that year begins.
 */
export function nextCheckAt(
  calendar: CompiledCalendar,
  row: Pick<
    ClockRow,
    'started_at' | 'target_seconds' | 'pauses' | 'stopped_at' | 'warned_at' | 'breach_recorded_at'
  >,
  state: Pick<ClockState, 'deadline' | 'deadlinePending'>,
  warnShare: number,
  now: number,
): number | null {
  if (row.stopped_at !== null) return null;
  const pending = state.deadlinePending;
  if (state.deadline === undefined && !pending) return null;
  const warnPoint = () => {
    const closed = row.pauses.filter((p) => p.to !== null).map((p) => [p.from, p.to!] as const);
    try {
      return dueAt(calendar, Number(row.started_at), Math.floor(row.target_seconds * warnShare), closed);
    } catch (error) {
      if (error instanceof OfficialScheduleNotCovered) return undefined;
      throw error;
    }
  };
  if (pending) {
    const recheck = Math.min(pending.from, now + PENDING_RECHECK_SECONDS);
    const warn = row.warned_at === null ? warnPoint() : undefined;
    return warn === undefined ? recheck : Math.min(warn, recheck);
  }
  if (row.warned_at === null) return warnPoint() ?? null;
  return row.breach_recorded_at === null ? (state.deadline ?? null) : null;
}

/** A new clock row for a plan, started at `start` (epoch seconds), with its first deadline. */
async function newClockRowUnchecked(
  deps: AppDeps,
  tenantId: string,
  caseId: string,
  plan: ClockPlan,
  start: number,
  /** Calendar versions already looked up for this case's other clocks. */
  known: Map<string, Promise<number>> = new Map(),
): Promise<Omit<ClockRow, 'pauses'> & { pauses: string }> {
  let calendarVersion: number | null = null;
  if (plan.clock === 'business' && plan.calendar) {
    const lookup = known.get(plan.calendar) ?? latestCalendarVersion(deps.db, tenantId, plan.calendar);
    known.set(plan.calendar, lookup);
    calendarVersion = await lookup;
  }
  const base = {
    clock_type: plan.clock,
    calendar_key: plan.clock === 'business' ? plan.calendar : null,
    calendar_version: calendarVersion,
  };
  const calendar = await calendarFor(deps.db, tenantId, base);
  const d = duration(plan.duration);
  const targetSeconds = plan.clock === 'business' ? calendar.businessSeconds(d) : fixedSeconds(d);
  const state = clockState(calendar, { start, targetSeconds, pauses: [] }, start);
  const marks = { warned_at: null, breach_recorded_at: null };
  const schedule = {
    started_at: start,
    target_seconds: targetSeconds,
    pauses: [],
    stopped_at: null,
    ...marks,
  };
  return {
    ...marks,
    next_check_at: nextCheckAt(calendar, schedule, state, deps.settings.slaWarnShare, start),
    tenant_id: tenantId,
    case_id: caseId,
    clock_id: deps.newId(),
    side: plan.side,
    agreement_id: plan.agreement.id,
    agreement_version: plan.agreement.version,
    owed_by: plan.owedBy,
    ref: plan.ref,
    target: plan.target,
    duration: plan.duration,
    ...base,
    pause_while: plan.pauseWhile,
    target_seconds: targetSeconds,
    started_at: start,
    pauses: '[]',
    stopped_at: null,
    due_at: state.deadline ?? null,
    status: state.status,
  };
}

export interface ClockView {
  id: string;
  side: 'promise' | 'commitment';
  owedBy: string;
  /** The owing party's name, where the reader's view adds it (the case page). */
  owedByName?: string;
  agreement: { id: string; version: number };
  ref: string | null;
  target: 'response' | 'onsite' | 'resolution';
  duration: string;
  clock: 'business' | 'calendar';
  calendar: { key: string; version: number } | null;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  status: ClockState['status'];
  remainingSeconds: number;
  overdueSeconds: number;
  /** The deadline is in a year whose official holidays are not loaded yet: not before `notBefore`. */
  deadlinePending: { year: number; notBefore: string } | null;
}

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

/** A stored clock's state at `now` on its recorded calendar version, with that calendar. */
async function stateOf(db: Kysely<Database>, tenantId: string, row: ClockRow, now: number) {
  const calendar = await calendarFor(db, tenantId, row);
  const state = clockState(
    calendar,
    {
      start: Number(row.started_at),
      targetSeconds: row.target_seconds,
      pauses: row.pauses.map((p) => ({ from: p.from, to: p.to ?? undefined })),
      stoppedAt: row.stopped_at === null ? undefined : Number(row.stopped_at),
    },
    now,
  );
  return { calendar, state };
}

/** A clock's state now, computed from its start, pauses and stop on its recorded calendar version. */
async function clockViewUnchecked(
  db: Kysely<Database>,
  tenantId: string,
  row: ClockRow,
  now: number,
): Promise<ClockView> {
  const { state } = await stateOf(db, tenantId, row, now);
  return {
    id: row.clock_id,
    side: row.side,
    owedBy: row.owed_by,
    agreement: { id: row.agreement_id, version: row.agreement_version },
    ref: row.ref,
    target: row.target,
    duration: row.duration,
    clock: row.clock_type,
    calendar: row.calendar_key ? { key: row.calendar_key, version: row.calendar_version ?? 1 } : null,
    startedAt: iso(Number(row.started_at))!,
    dueAt: iso(state.deadline ?? null),
    stoppedAt: iso(row.stopped_at === null ? null : Number(row.stopped_at)),
    status: state.status,
    remainingSeconds: state.remainingSeconds,
    overdueSeconds: state.overdueSeconds,
    deadlinePending: state.deadlinePending
      ? { year: state.deadlinePending.year, notBefore: iso(state.deadlinePending.from)! }
      : null,
  };
}

/**
 * Applies the case's conditions now in force to its clocks: a clock whose terms name a condition
 * pauses while it holds and resumes when it ends; the stored deadline and status follow.
 */
export async function applyConditions(
  deps: Pick<AppDeps, 'settings'>,
  trx: Kysely<Database>,
  tenantId: string,
  caseId: string,
  conditions: string[],
  now: number,
): Promise<void> {
  const rows = await trx
    .selectFrom('case_clocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('stopped_at', 'is', null)
    .execute();
  for (const row of rows) {
    const shouldPause = row.pause_while.some((c) => conditions.includes(c));
    const pauses = [...row.pauses];
    const open = pauses.at(-1)?.to === null ? pauses.at(-1) : undefined;
    if (shouldPause && !open) pauses.push({ from: now, to: null });
    if (!shouldPause && open) open.to = now;
    await saveClock(deps, trx, tenantId, { ...row, pauses }, now);
  }
}

/** Stores a clock's pauses, stop and worker marks with the deadline, status and next check they give now. */
async function saveClockUnchecked(
  deps: Pick<AppDeps, 'settings'>,
  trx: Kysely<Database>,
  tenantId: string,
  row: ClockRow,
  now: number,
): Promise<void> {
  const { calendar, state } = await stateOf(trx, tenantId, row, now);
  await trx
    .updateTable('case_clocks')
    .set({
      pauses: JSON.stringify(row.pauses),
      stopped_at: row.stopped_at,
      due_at: state.deadline ?? null,
      status: state.status,
      warned_at: row.warned_at,
      breach_recorded_at: row.breach_recorded_at,
      next_check_at: nextCheckAt(calendar, row, state, deps.settings.slaWarnShare, now),
    })
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', row.case_id)
    .where('clock_id', '=', row.clock_id)
    .execute();
}

/** A new clock row for a plan, started at `start` (epoch seconds), with its first deadline. */
export function newClockRow(
  ...args: Parameters<typeof newClockRowUnchecked>
): ReturnType<typeof newClockRowUnchecked> {
  return withCalendarYears(() => newClockRowUnchecked(...args));
}

/** A clock's state now, computed from its start, pauses and stop on its recorded calendar version. */
export function clockView(
  ...args: Parameters<typeof clockViewUnchecked>
): ReturnType<typeof clockViewUnchecked> {
  return withCalendarYears(() => clockViewUnchecked(...args));
}

/** Stores a clock's pauses, stop and worker marks with the deadline, status and next check they give now. */
export function saveClock(
  ...args: Parameters<typeof saveClockUnchecked>
): ReturnType<typeof saveClockUnchecked> {
  return withCalendarYears(() => saveClockUnchecked(...args));
}

/**
 * Business time on a compiled calendar, exact to the second. Instants are epoch seconds (UTC).
 *
 * - Business time is consumed only inside open windows, and not inside pauses: a pause removes
 *   the business time it overlaps, wherever it lies.
 * - `dueAt` with a positive duration is the first instant at which that much business time has
 *   passed: a deadline that falls exactly at a window's close is that close (18:00, not the next
 *   morning's 09:00). With a zero duration it is the first open (and unpaused) instant at or after
 *   the start.
 */
import { CalendarError, type CompiledCalendar, type YearTable } from './compiled.ts';
import { OfficialScheduleNotCovered } from './official.ts';

/** A pause `[from, to)` in epoch seconds. */
export type Pause = readonly [number, number];

/** Years in a row without any open time before the search gives up. */
const MAX_EMPTY_YEARS = 8;

/** Index of the last element <= x, or -1. */
function lastAtOrBefore(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first element >= x (a.length if none). */
function firstAtOrAfter(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Business seconds of the year table before instant t (t within the table's year). */
function position(tab: YearTable, t: number): number {
  const i = lastAtOrBefore(tab.starts, t);
  if (i < 0) return 0;
  const over = tab.ends[i]! - t;
  return over > 0 ? tab.cumEnd[i]! - over : tab.cumEnd[i]!;
}

function nextTable(cal: CompiledCalendar, tab: YearTable, empty: number): YearTable {
  if (empty >= MAX_EMPTY_YEARS) {
    throw new CalendarError(
      `the calendar ${cal.spec.id} has no open time for ${MAX_EMPTY_YEARS} years after ${tab.year - MAX_EMPTY_YEARS}`,
    );
  }
  return cal.table(tab.year + 1);
}

/** True when the calendar is open at the instant. */
export function isOpen(cal: CompiledCalendar, t: number): boolean {
  const tab = cal.tableAt(t);
  const i = lastAtOrBefore(tab.starts, t);
  return i >= 0 && t < tab.ends[i]!;
}

/** The first open instant at or after t. */
export function nextOpen(cal: CompiledCalendar, t: number): number {
  let tab = cal.tableAt(t);
  const i = lastAtOrBefore(tab.starts, t);
  if (i >= 0 && t < tab.ends[i]!) return t;
  if (i + 1 < tab.starts.length) return tab.starts[i + 1]!;
  for (let empty = 0; ; empty++) {
    tab = nextTable(cal, tab, empty);
    if (tab.starts.length > 0) return tab.starts[0]!;
  }
}

/** Business seconds from a to b (a <= b), ignoring pauses. */
function plainElapsed(cal: CompiledCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  let tab = cal.tableAt(a);
  if (b < tab.end) return position(tab, b) - position(tab, a);
  let sum = tab.total - position(tab, a);
  for (;;) {
    tab = cal.table(tab.year + 1);
    if (b < tab.end) return sum + position(tab, b);
    sum += tab.total;
  }
}

/** The first instant at or after s by which d > 0 business seconds have passed, ignoring pauses. */
function plainDue(cal: CompiledCalendar, s: number, d: number): number {
  let tab = cal.tableAt(s);
  let target = position(tab, s) + d;
  let empty = 0;
  for (;;) {
    if (target <= tab.total) {
      const j = firstAtOrAfter(tab.cumEnd, target);
      return tab.ends[j]! - (tab.cumEnd[j]! - target);
    }
    target -= tab.total;
    empty = tab.total === 0 ? empty + 1 : 0;
    tab = nextTable(cal, tab, empty);
  }
}

/** Sorted, merged pauses with positive length. */
export function normalizePauses(pauses: readonly Pause[]): Pause[] {
  const sorted = pauses.filter((p) => p[1] > p[0]).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/**
 * The deadline: the first instant at which `seconds` of business time have passed since `start`,
 * not counting the pauses. Zero seconds: the first open, unpaused instant at or after `start`.
 */
export function dueAt(
  cal: CompiledCalendar,
  start: number,
  seconds: number,
  pauses: readonly Pause[] = [],
): number {
  if (!(seconds >= 0)) throw new CalendarError(`a duration must not be negative (got ${seconds} s)`);
  if (pauses.length === 0) return seconds === 0 ? nextOpen(cal, start) : plainDue(cal, start, seconds);
  const ps = normalizePauses(pauses);
  let cur = start;
  let remaining = seconds;
  for (const [from, to] of ps) {
    if (to <= cur) continue;
    if (from > cur) {
      if (remaining === 0) {
        const open = nextOpen(cal, cur);
        if (open < from) return open;
      } else {
        const available = plainElapsed(cal, cur, from);
        if (remaining <= available) return plainDue(cal, cur, remaining);
        remaining -= available;
      }
    }
    cur = to;
  }
  return remaining === 0 ? nextOpen(cal, cur) : plainDue(cal, cur, remaining);
}

/** Business seconds between two instants (0 if `to` is not after `from`), not counting the pauses. */
export function businessElapsed(
  cal: CompiledCalendar,
  from: number,
  to: number,
  pauses: readonly Pause[] = [],
): number {
  if (to <= from) return 0;
  let total = plainElapsed(cal, from, to);
  if (pauses.length === 0) return total;
  for (const [pf, pt] of normalizePauses(pauses)) {
    const a = Math.max(pf, from);
    const b = Math.min(pt, to);
    if (b > a) total -= plainElapsed(cal, a, b);
  }
  return total;
}

/** One SLA clock as the domain sees it. */
export interface Clock {
  /** When the clock started (epoch seconds). */
  start: number;
  /** The target, in business seconds. */
  targetSeconds: number;
  /** Pauses; a pause still going on has `to` undefined. */
  pauses: ReadonlyArray<{ from: number; to?: number | undefined }>;
  /** When the clock's goal was reached (responded, on site, resolved), if it has been. */
  stoppedAt?: number | undefined;
}

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export interface ClockState {
  status: ClockStatus;
  /** The deadline, or undefined while a pause goes on without the target reached before it. */
  deadline: number | undefined;
  /** Business seconds counted so far (up to the stop, for a stopped clock). */
  elapsedSeconds: number;
  /** Business seconds left (0 once breached or met late). */
  remainingSeconds: number;
  /** Business seconds past the target (0 unless breached; may be 0 when breached in closed hours). */
  overdueSeconds: number;
  /**
   * Set when the deadline lies in a local year whose official holidays are not loaded yet (the
   * State Council's notice for next year comes out in November or December): the deadline is then
   * unknown, never guessed, but not before `from`, that year's first instant. Business time
   * counted and left are exact until then.
   */
  deadlinePending?: { year: number; from: number };
}

/**
 * The state of a clock at an instant. Pauses and a stop after `at` are not yet known and ignored.
 * A clock whose deadline passed before a pause began stays breached: a pause never hides a breach.
 * A clock stopped at or before its deadline is met; stopped after it, breached.
 */
export function clockState(cal: CompiledCalendar, clock: Clock, at: number): ClockState {
  const pauses: Array<[number, number]> = [];
  let pausedNow = false;
  for (const p of clock.pauses) {
    if (p.from > at) continue; // a pause that begins at `at` is already in effect
    if (p.to === undefined || p.to > at) {
      pausedNow = true;
      pauses.push([p.from, Number.POSITIVE_INFINITY]);
    } else {
      pauses.push([p.from, p.to]);
    }
  }
  const stopped = clock.stoppedAt !== undefined && clock.stoppedAt <= at ? clock.stoppedAt : undefined;
  let deadline: number | undefined;
  let deadlinePending: ClockState['deadlinePending'];
  try {
    deadline = dueWithOpenPause(cal, clock.start, clock.targetSeconds, pauses);
  } catch (error) {
    if (!(error instanceof OfficialScheduleNotCovered)) throw error;
    deadlinePending = { year: error.year, from: cal.yearBegin(error.year) };
  }
  const until = stopped ?? at;
  // Counting into a year not loaded throws: from its first instant on, nothing can be known.
  const elapsed = businessElapsed(cal, clock.start, until, pauses);
  const late = deadline !== undefined && until > deadline;
  const remaining = Math.max(0, clock.targetSeconds - elapsed);
  const overdue = late ? Math.max(0, elapsed - clock.targetSeconds) : 0;
  let status: ClockStatus;
  if (stopped !== undefined) status = late ? 'breached' : 'met';
  else if (late) status = 'breached';
  else status = pausedNow ? 'paused' : 'running';
  return {
    status,
    deadline,
    elapsedSeconds: elapsed,
    remainingSeconds: late ? 0 : remaining,
    overdueSeconds: overdue,
    ...(deadlinePending ? { deadlinePending } : {}),
  };
}

function dueWithOpenPause(
  cal: CompiledCalendar,
  start: number,
  seconds: number,
  pauses: Array<[number, number]>,
): number | undefined {
  const open = pauses.find((p) => p[1] === Number.POSITIVE_INFINITY);
  if (!open) return dueAt(cal, start, seconds, pauses);
  const closed = pauses.filter((p) => p !== open && p[1] <= open[0]);
  // Due before the open pause began? Then that deadline stands; otherwise it is unknown until it ends.
  let due: number;
  try {
    due = dueAt(cal, start, seconds, closed);
  } catch (error) {
    // Due in a year not loaded that begins after the pause did: unknown until the pause ends anyway.
    if (error instanceof OfficialScheduleNotCovered && cal.yearBegin(error.year) > open[0]) return undefined;
    throw error;
  }
  const reached = seconds === 0 ? due < open[0] : due <= open[0];
  return reached ? due : undefined;
}

/** A clock to recompute: its start, target and closed pauses. */
export interface OpenClock {
  start: number;
  targetSeconds: number;
  pauses?: readonly Pause[] | undefined;
}

/**
 * Deadlines of many open clocks on one calendar version (after a holiday is added, say), in the
 * order given. Pure; the caller compares them with the stored ones and records the changes.
 */
export function recomputeDeadlines(cal: CompiledCalendar, clocks: readonly OpenClock[]): Float64Array {
  const out = new Float64Array(clocks.length);
  for (let i = 0; i < clocks.length; i++) {
    const c = clocks[i]!;
    out[i] = dueAt(cal, c.start, c.targetSeconds, c.pauses ?? []);
  }
  return out;
}

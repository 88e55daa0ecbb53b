/**
 * A calendar made ready for fast questions: for each local year it needs, the open time as sorted
 * UTC intervals (epoch seconds) with running totals of business seconds, built once and kept.
 * Every deadline is then two binary searches in arrays of a few hundred numbers.
 */
import { type Duration, formatDuration } from '../time/index.ts';
import { type OfficialSchedule, type OfficialYearDays, officialSchedule } from './official.ts';
import { type CalendarSpec, type DayPlan, WEEKDAYS, type Window } from './types.ts';
import { type Zone, zone } from './zone.ts';

export interface YearTable {
  /** The local calendar year. */
  year: number;
  /** First instant of the local year, and of the next one. */
  begin: number;
  end: number;
  /** Open intervals `[starts[i], ends[i])`, sorted, not touching (adjacent ones are merged). */
  starts: Float64Array;
  ends: Float64Array;
  /** Business seconds of the year up to the end of interval i. */
  cumEnd: Float64Array;
  /** Business seconds in the whole year. */
  total: number;
}

/** Thrown for a question the calendar cannot answer (no open time for years, a bad duration). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export class CompiledCalendar {
  readonly spec: CalendarSpec;
  readonly zone: Zone;
  readonly official: OfficialSchedule | undefined;
  /** Business seconds of one business day (`P1D` in business time): see `businessSeconds`. */
  readonly daySeconds: number;
  /** Business seconds of a regular week (`P1W` in business time). */
  readonly weekSeconds: number;
  readonly #tables = new Map<number, YearTable>();
  #list: YearTable[] = [];

  /**
   * `officialYears`: years of the official schedule a tenant loaded as data (the State Council's
   * notice for a year the built-in data lacks), handed in by the caller that read them.
   */
  constructor(spec: CalendarSpec, officialYears: readonly OfficialYearDays[] = []) {
    this.spec = spec;
    this.zone = zone(spec.timezone);
    if (spec.official !== undefined) {
      const s = officialSchedule(spec.official, officialYears);
      if (!s) throw new CalendarError(`unknown official schedule "${spec.official}"`);
      this.official = s;
    } else {
      this.official = undefined;
    }
    const lengths = WEEKDAYS.map((d) => windowSeconds(spec.week[d]));
    this.weekSeconds = lengths.reduce((a, b) => a + b, 0);
    this.daySeconds = standardDay(lengths);
  }

  /** What a local date's hours are and why. */
  plan(date: string): DayPlan {
    const weekday = WEEKDAYS[(daysFromCivil(date) + 3 + 7 * 1_000_000) % 7]!;
    const spec = this.spec;
    const override = spec.dates[date];
    if (override !== undefined) return { date, weekday, kind: 'override', windows: override };
    if (spec.daysOff.includes(date)) return { date, weekday, kind: 'day_off', windows: [] };
    const official = this.official?.day(date);
    if (official) {
      const names = { name: official.name, ...(official.nameZh ? { nameZh: official.nameZh } : {}) };
      if (official.kind === 'holiday') return { date, weekday, kind: 'holiday', ...names, windows: [] };
      const regular = spec.week[weekday];
      // A worked weekend day (调休) keeps the makeup hours; a listed workday that is a weekday anyway keeps its own.
      const windows = regular.length > 0 ? regular : (spec.makeupDay ?? spec.week.mon);
      return { date, weekday, kind: 'makeup', ...names, windows };
    }
    return { date, weekday, kind: 'regular', windows: spec.week[weekday] };
  }

  /** The open intervals of one local date, as instants. Wall time skipped by DST is not open. */
  instantsOf(date: string, windows: Window[] = this.plan(date).windows): Array<[number, number]> {
    const midnight = daysFromCivil(date) * 86_400;
    const out: Array<[number, number]> = [];
    for (const w of [...windows].sort((a, b) => a.start - b.start)) {
      const from = this.zone.toInstant(midnight + w.start, 'earlier');
      const to = this.zone.toInstant(midnight + w.end, 'later');
      if (to > from) out.push([from, to]);
    }
    return out;
  }

  /** The first instant of a local year; needs no table, so it answers for a year the schedule lacks. */
  yearBegin(year: number): number {
    return this.zone.toInstant(daysFromCivil(`${String(year).padStart(4, '0')}-01-01`) * 86_400, 'earlier');
  }

  /** The table of one local year, built on first use. Throws if its official schedule does not cover it. */
  table(year: number): YearTable {
    const known = this.#tables.get(year);
    if (known) return known;
    const first = daysFromCivil(`${String(year).padStart(4, '0')}-01-01`);
    const last = daysFromCivil(`${String(year + 1).padStart(4, '0')}-01-01`);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let day = first; day < last; day++) {
      for (const [from, to] of this.instantsOf(civilFromDays(day))) {
        const n = ends.length;
        if (n > 0 && from <= ends[n - 1]!) {
          ends[n - 1] = Math.max(ends[n - 1]!, to);
        } else {
          starts.push(from);
          ends.push(to);
        }
      }
    }
    const cumEnd = new Float64Array(starts.length);
    let total = 0;
    for (let i = 0; i < starts.length; i++) {
      total += ends[i]! - starts[i]!;
      cumEnd[i] = total;
    }
    const table: YearTable = {
      year,
      begin: this.zone.toInstant(first * 86_400, 'earlier'),
      end: this.zone.toInstant(last * 86_400, 'earlier'),
      starts: Float64Array.from(starts),
      ends: Float64Array.from(ends),
      cumEnd,
      total,
    };
    this.#tables.set(year, table);
    this.#list = [...this.#tables.values()].sort((a, b) => a.year - b.year);
    return table;
  }

  /** The table of the local year an instant falls in. */
  tableAt(t: number): YearTable {
    const list = this.#list;
    for (let i = 0; i < list.length; i++) {
      const tab = list[i]!;
      if (t >= tab.begin && t < tab.end) return tab;
    }
    const local = this.zone.toLocal(t);
    const year = civilYear(Math.floor(local / 86_400));
    const tab = this.table(year);
    if (t < tab.begin) return this.table(year - 1);
    if (t >= tab.end) return this.table(year + 1);
    return tab;
  }

  /**
   * A duration as business seconds of this calendar. Hours, minutes and seconds are exact. A day
   * (`P1D`) is one standard business day of this calendar (the most common length of its open
   * weekdays: 8 h for 09:00-12:00 + 13:00-18:00), so `P5D` is five such days of business time,
   * counted across holidays like any other business time; a week is the open time of a regular week.
   * Years and months have no business-time meaning and are refused.
   */
  businessSeconds(d: Duration): number {
    if (d.years > 0 || d.months > 0) {
      throw new CalendarError(
        `${formatDuration(d)} has years or months, which have no length in business time: state it in days or hours`,
      );
    }
    return (
      d.weeks * this.weekSeconds + d.days * this.daySeconds + d.hours * 3600 + d.minutes * 60 + d.seconds
    );
  }
}

function windowSeconds(windows: Window[]): number {
  let s = 0;
  for (const w of windows) s += w.end - w.start;
  return s;
}

/** The most common non-zero day length (the longer one on a tie); 0 for a calendar never open. */
function standardDay(lengths: number[]): number {
  const counts = new Map<number, number>();
  for (const l of lengths) if (l > 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [l, c] of counts) {
    if (c > bestCount || (c === bestCount && l > best)) {
      best = l;
      bestCount = c;
    }
  }
  return best;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian). */
export function daysFromCivil(date: string): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civil(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** The `YYYY-MM-DD` date of a day number. */
export function civilFromDays(days: number): string {
  const [y, m, d] = civil(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function civilYear(days: number): number {
  return civil(days)[0];
}

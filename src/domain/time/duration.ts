/**
 * ISO 8601 durations as the terms write them (`P2Y`, `P18M`, `P30D`, `PT4H`, `P1DT12H`).
 * The parts are kept apart: months and years are calendar arithmetic (P1M from 31 January is
 * the end of February), days are calendar days, and hours, minutes and seconds are exact time.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export type DurationParse = { ok: true; duration: Duration } | { ok: false; reason: string };

/** Parses a duration; a malformed one is an answer with the reason, not an exception. */
export function parseDuration(text: string): DurationParse {
  const match = PATTERN.exec(text);
  if (!match || text.endsWith('T')) {
    return { ok: false, reason: `"${text}" is not an ISO 8601 duration such as P2Y, P18M, P30D or PT4H` };
  }
  const n = (i: number) => (match[i] === undefined ? 0 : Number(match[i]));
  return {
    ok: true,
    duration: {
      years: n(1),
      months: n(2),
      weeks: n(3),
      days: n(4),
      hours: n(5),
      minutes: n(6),
      seconds: n(7),
    },
  };
}

/** Parses a duration known to be valid (from validated terms); throws on a programming error. */
export function duration(text: string): Duration {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.duration;
}

/** The exact-time part in seconds (weeks and days count as 24 h), for wall-clock targets. */
export function fixedSeconds(d: Duration): number {
  return ((d.weeks * 7 + d.days) * 24 + d.hours) * 3600 + d.minutes * 60 + d.seconds;
}

export function formatDuration(d: Duration): string {
  const date = `${d.years ? `${d.years}Y` : ''}${d.months ? `${d.months}M` : ''}${d.weeks ? `${d.weeks}W` : ''}${d.days ? `${d.days}D` : ''}`;
  const time = `${d.hours ? `${d.hours}H` : ''}${d.minutes ? `${d.minutes}M` : ''}${d.seconds ? `${d.seconds}S` : ''}`;
  const text = `P${date}${time ? `T${time}` : ''}`;
  return text === 'P' ? 'PT0S' : text;
}

/** A calendar date `YYYY-MM-DD`, with no time zone: the day as the documents write it. */
export type CalendarDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds the date part of a duration to a calendar date. Years and months first, clamping to the
 * month's last day (2025-01-31 + P1M = 2025-02-28), then weeks and days. The time part is ignored:
 * cover periods are whole days.
 */
export function addToDate(date: CalendarDate, d: Duration): CalendarDate {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  const totalMonths = Number(m[1]) * 12 + (Number(m[2]) - 1) + d.years * 12 + d.months;
  const year = Math.floor(totalMonths / 12);
  const month = (totalMonths % 12) + 1;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  const shifted = new Date(Date.UTC(year, month - 1, day + d.weeks * 7 + d.days));
  return shifted.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

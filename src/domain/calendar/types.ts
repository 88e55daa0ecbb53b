/** A business calendar as the file states it, after validation. Times are seconds since local midnight. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening window of a day, `[start, end)` in seconds since local midnight; `end` may be 86400 (`24:00`). */
export interface Window {
  start: number;
  end: number;
}

export interface CalendarSpec {
  id: string;
  name: string;
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timezone: string;
  week: Record<Weekday, Window[]>;
  /** A built-in public holiday schedule: `CN`, or a country (`DE`) or country-region (`DE-BE`). */
  official?: string;
  /** Hours of a weekend day worked in exchange for a holiday (调休); Monday's when not given. */
  makeupDay?: Window[];
  /** The organisation's own closed dates, `YYYY-MM-DD`. */
  daysOff: string[];
  /** Hours for one date, over everything else; an empty list closes it. */
  dates: Record<string, Window[]>;
}

/** Why a day has the hours it has. */
export type DayKind = 'regular' | 'holiday' | 'makeup' | 'day_off' | 'override';

export interface DayPlan {
  date: string;
  weekday: Weekday;
  kind: DayKind;
  /** The holiday's or makeup day's name, when official. */
  name?: string;
  nameZh?: string;
  windows: Window[];
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Reads `"HH:MM"` (00:00 to 24:00) as seconds since midnight, or undefined. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  if (text === '24:00') return 86_400;
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
}

export type WindowParse = { ok: true; window: Window } | { ok: false; reason: string };

/** Reads `"HH:MM-HH:MM"`; the end must be after the start. */
export function parseWindow(text: string): WindowParse {
  const parts = text.split('-');
  if (parts.length !== 2) {
    return { ok: false, reason: `"${text}" is not a window "HH:MM-HH:MM" (e.g. "09:00-12:00")` };
  }
  const start = parseTimeOfDay(parts[0]!.trim());
  const end = parseTimeOfDay(parts[1]!.trim());
  if (start === undefined || start === 86_400) {
    return { ok: false, reason: `"${parts[0]}" is not a time from 00:00 to 23:59 in "${text}"` };
  }
  if (end === undefined)
    return { ok: false, reason: `"${parts[1]}" is not a time from 00:01 to 24:00 in "${text}"` };
  if (end <= start) return { ok: false, reason: `"${text}" ends before it starts` };
  return { ok: true, window: { start, end } };
}

export function formatTimeOfDay(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return s ? `${hm}:${String(s).padStart(2, '0')}` : hm;
}

export function formatWindow(w: Window): string {
  return `${formatTimeOfDay(w.start)}-${formatTimeOfDay(w.end)}`;
}

/** Index of the first overlapping pair in a list of windows (sorted by start), or -1. */
export function firstOverlap(windows: Window[]): number {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) return windows.indexOf(sorted[i]!);
  }
  return -1;
}

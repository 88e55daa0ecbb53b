/** Small builders for calendars in tests and benchmarks. */
import { CompiledCalendar } from './compiled.ts';
import { type CalendarSpec, parseWindow, WEEKDAYS, type Weekday, type Window } from './types.ts';

export function windows(...texts: string[]): Window[] {
  return texts.map((t) => {
    const p = parseWindow(t);
    if (!p.ok) throw new Error(p.reason);
    return p.window;
  });
}

export interface SimpleCalendar {
  id?: string;
  timezone: string;
  /** Hours for each weekday not in `week`; default closed. */
  weekdays?: string[];
  week?: Partial<Record<Weekday, string[]>>;
  official?: string;
  makeupDay?: string[];
  daysOff?: string[];
  dates?: Record<string, string[]>;
}

/** A compiled calendar from a short description; `weekdays` are Monday to Friday's hours. */
export function calendar(c: SimpleCalendar): CompiledCalendar {
  const week = {} as Record<Weekday, Window[]>;
  for (const d of WEEKDAYS) {
    const given = c.week?.[d];
    week[d] = windows(...(given ?? (d === 'sat' || d === 'sun' ? [] : (c.weekdays ?? []))));
  }
  const spec: CalendarSpec = {
    id: c.id ?? 'test',
    name: c.id ?? 'test',
    timezone: c.timezone,
    week,
    daysOff: c.daysOff ?? [],
    dates: Object.fromEntries(Object.entries(c.dates ?? {}).map(([k, v]) => [k, windows(...v)])),
    ...(c.official ? { official: c.official } : {}),
    ...(c.makeupDay ? { makeupDay: windows(...c.makeupDay) } : {}),
  };
  return new CompiledCalendar(spec);
}

/** Epoch seconds of an ISO instant. */
export function sec(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${iso}`);
  return Math.floor(ms / 1000);
}

/** ISO instant in UTC, without milliseconds. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

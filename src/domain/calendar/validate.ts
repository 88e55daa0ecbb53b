/**
 * Checks a calendar document (as plain data from YAML or JSON) and builds its `CalendarSpec`.
 * Every problem is reported with the path to its key, for the caller to place in the file.
 */
import { isCalendarDate } from '../time/index.ts';
import { officialSchedule } from './official.ts';
import {
  type CalendarSpec,
  firstOverlap,
  parseWindow,
  WEEKDAYS,
  type Weekday,
  type Window,
} from './types.ts';
import { isTimeZone } from './zone.ts';

export type CalendarPath = Array<string | number>;
export type CalendarProblemKind = 'unknown_key' | 'missing' | 'type' | 'value';

export interface CalendarProblem {
  path: CalendarPath;
  kind: CalendarProblemKind;
  message: string;
}

export type CalendarValidation =
  | { ok: true; spec: CalendarSpec }
  | { ok: false; problems: CalendarProblem[] };

const TOP_KEYS = ['id', 'name', 'version', 'timezone', 'week', 'official', 'makeup_day', 'days_off', 'dates'];
const ID = /^[a-z0-9][a-z0-9._-]*$/;

/** `week.mon[1]` */
export function formatCalendarPath(path: CalendarPath): string {
  if (path.length === 0) return '(top)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateCalendar(value: unknown): CalendarValidation {
  const problems: CalendarProblem[] = [];
  const problem = (path: CalendarPath, kind: CalendarProblemKind, message: string) =>
    problems.push({ path, kind, message });
  if (!isRecord(value))
    return { ok: false, problems: [{ path: [], kind: 'type', message: 'expected a mapping' }] };

  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.includes(key))
      problem([key], 'unknown_key', `unknown key; expected one of ${TOP_KEYS.join(', ')}`);
  }
  const id = value.id;
  if (id === undefined) problem(['id'], 'missing', 'a calendar needs an `id`');
  else if (typeof id !== 'string' || !ID.test(id)) {
    problem(
      ['id'],
      typeof id === 'string' ? 'value' : 'type',
      'must be lower-case letters, digits, ".", "_" or "-"',
    );
  }
  const name = value.name;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    problem(['name'], 'type', 'must be a non-empty string');
  }
  const version = value.version;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1)) {
    problem(['version'], 'type', 'must be a positive whole number');
  }
  const tz = value.timezone;
  if (tz === undefined)
    problem(['timezone'], 'missing', 'a calendar needs a `timezone` (IANA, e.g. Asia/Shanghai)');
  else if (typeof tz !== 'string')
    problem(['timezone'], 'type', 'must be a string (IANA, e.g. Asia/Shanghai)');
  else if (!isTimeZone(tz))
    problem(['timezone'], 'value', `"${tz}" is not an IANA time zone (e.g. Asia/Shanghai)`);

  const windowList = (v: unknown, path: CalendarPath): Window[] => {
    if (!Array.isArray(v)) {
      problem(path, 'type', 'must be a list of windows "HH:MM-HH:MM" ([] for closed)');
      return [];
    }
    const out: Window[] = [];
    v.forEach((item, i) => {
      if (typeof item !== 'string') {
        problem([...path, i], 'type', 'must be a window "HH:MM-HH:MM"');
        return;
      }
      const w = parseWindow(item);
      if (!w.ok) problem([...path, i], 'value', w.reason);
      else out.push(w.window);
    });
    if (out.length === v.length) {
      const i = firstOverlap(out);
      if (i >= 0) problem([...path, i], 'value', `"${v[i]}" overlaps another window of the same day`);
    }
    return out;
  };

  const week = {} as Record<Weekday, Window[]>;
  if (value.week === undefined) problem(['week'], 'missing', 'a calendar needs a `week` (mon..sun)');
  else if (!isRecord(value.week))
    problem(['week'], 'type', 'must be a mapping of weekdays (mon..sun) to windows');
  else {
    const given = value.week;
    for (const key of Object.keys(given)) {
      if (!(WEEKDAYS as readonly string[]).includes(key)) {
        problem(['week', key], 'unknown_key', `unknown weekday; expected ${WEEKDAYS.join(', ')}`);
      }
    }
    for (const d of WEEKDAYS) {
      week[d] = given[d] === undefined ? [] : windowList(given[d], ['week', d]);
    }
  }

  let official: string | undefined;
  if (value.official !== undefined) {
    if (typeof value.official !== 'string')
      problem(['official'], 'type', 'must be a schedule code such as CN or DE-BE');
    else if (!officialSchedule(value.official)) {
      problem(
        ['official'],
        'value',
        `unknown official schedule "${value.official}"; use CN, or a country code (DE, US, GB, FR, JP, ...) optionally with a region (DE-BE)`,
      );
    } else official = value.official;
  }
  const makeupDay = value.makeup_day === undefined ? undefined : windowList(value.makeup_day, ['makeup_day']);

  const daysOff: string[] = [];
  if (value.days_off !== undefined) {
    if (!Array.isArray(value.days_off)) problem(['days_off'], 'type', 'must be a list of dates YYYY-MM-DD');
    else {
      value.days_off.forEach((d, i) => {
        if (typeof d !== 'string' || !isCalendarDate(d)) {
          problem(['days_off', i], typeof d === 'string' ? 'value' : 'type', `must be a date YYYY-MM-DD`);
        } else daysOff.push(d);
      });
    }
  }
  const dates: Record<string, Window[]> = {};
  if (value.dates !== undefined) {
    if (!isRecord(value.dates))
      problem(['dates'], 'type', 'must be a mapping of dates YYYY-MM-DD to windows');
    else {
      for (const [d, ws] of Object.entries(value.dates)) {
        if (!isCalendarDate(d)) problem(['dates', d], 'unknown_key', `"${d}" is not a date YYYY-MM-DD`);
        else dates[d] = windowList(ws, ['dates', d]);
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      id: id as string,
      name: (name as string | undefined) ?? (id as string),
      timezone: tz as string,
      week,
      ...(official ? { official } : {}),
      ...(makeupDay ? { makeupDay } : {}),
      daysOff,
      dates,
    },
  };
}

/**
 * One year of an official holiday schedule, loaded as data: the State Council's yearly notice
 * (国务院办公厅关于××年部分节假日安排的通知) for `CN`, when the built-in data (`chinese-days`)
 * does not hold that year yet. The file names its source; every day is checked before anything
 * is stored, and every problem comes back with the path to its key.
 */
import { isCalendarDate } from '../time/index.ts';
import { civilFromDays, daysFromCivil } from './compiled.ts';
import type { OfficialDay, OfficialYearDays } from './official.ts';

export type { OfficialYearDays } from './official.ts';

export interface OfficialHoliday {
  name: string;
  nameZh: string;
  /** First and last day off, `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
}

export interface MakeupWorkday {
  /** A Saturday or Sunday worked in exchange (调休). */
  date: string;
  /** The English name of the holiday it makes up for, as in `holidays`. */
  for: string;
}

/** A year's schedule as the file states it, after validation. */
export interface OfficialYearSpec {
  /** Only `CN` has a yearly notice with makeup working days; other countries are computed by rule. */
  official: 'CN';
  year: number;
  /** The notice, named as published, e.g. `国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号`. */
  source: string;
  /** When the notice was published, `YYYY-MM-DD`. */
  published: string;
  /** Where it was published (a URL), when given. */
  url?: string;
  holidays: OfficialHoliday[];
  makeupWorkdays: MakeupWorkday[];
}

export type OfficialYearPath = Array<string | number>;
export type OfficialYearProblemKind = 'unknown_key' | 'missing' | 'type' | 'value';
export interface OfficialYearProblem {
  path: OfficialYearPath;
  kind: OfficialYearProblemKind;
  message: string;
}

const TOP_KEYS = ['official', 'year', 'source', 'published', 'url', 'holidays', 'makeup_workdays'];
const HOLIDAY_KEYS = ['name', 'name_zh', 'from', 'to'];
const MAKEUP_KEYS = ['date', 'for'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `holidays[2].from` */
export function formatOfficialYearPath(path: OfficialYearPath): string {
  if (path.length === 0) return '(top)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Saturday or Sunday. */
function isWeekend(date: string): boolean {
  // 1970-01-01 was a Thursday: day 0 -> 3 with Monday as 0.
  const weekday = (((daysFromCivil(date) + 3) % 7) + 7) % 7;
  return weekday >= 5;
}

/**
 * A holiday may begin in the last days of the year before (the 2023 notice's New Year's Day ran
 * from 31 December 2022), so dates are taken in the year or in the week before it.
 */
function inReach(date: string, year: number): boolean {
  return date.slice(0, 4) === String(year) || (date >= `${year - 1}-12-25` && date <= `${year - 1}-12-31`);
}

export function validateOfficialYear(
  value: unknown,
): { ok: true; spec: OfficialYearSpec } | { ok: false; problems: OfficialYearProblem[] } {
  const problems: OfficialYearProblem[] = [];
  const problem = (path: OfficialYearPath, kind: OfficialYearProblemKind, message: string) =>
    problems.push({ path, kind, message });
  if (!isRecord(value))
    return { ok: false, problems: [{ path: [], kind: 'type', message: 'expected a mapping' }] };
  const unknownKeys = (v: Record<string, unknown>, allowed: string[], at: OfficialYearPath) => {
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key))
        problem([...at, key], 'unknown_key', `unknown key; expected one of ${allowed.join(', ')}`);
    }
  };
  unknownKeys(value, TOP_KEYS, []);
  const text = (v: unknown, path: OfficialYearPath, what: string): string | undefined => {
    if (v === undefined) problem(path, 'missing', `give ${what}`);
    else if (typeof v !== 'string' || v.trim() === '')
      problem(path, 'type', `must be a non-empty text: ${what}`);
    else return v.trim();
    return undefined;
  };
  const date = (v: unknown, path: OfficialYearPath): string | undefined => {
    if (v === undefined) problem(path, 'missing', 'give a date YYYY-MM-DD');
    else if (typeof v !== 'string' || !isCalendarDate(v))
      problem(path, typeof v === 'string' ? 'value' : 'type', 'must be a date YYYY-MM-DD');
    else return v;
    return undefined;
  };

  if (value.official === undefined) problem(['official'], 'missing', 'give the schedule: official: CN');
  else if (value.official !== 'CN')
    problem(
      ['official'],
      'value',
      'only CN is loaded from a yearly notice; the holidays of other countries are computed by rule',
    );
  const year = value.year;
  let theYear: number | undefined;
  if (year === undefined) problem(['year'], 'missing', 'give the year the notice is for, e.g. 2027');
  else if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100)
    problem(['year'], 'type', 'must be a year from 2000 to 2100');
  else theYear = year;
  const source = text(
    value.source,
    ['source'],
    'the notice as published, e.g. "国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕N号"',
  );
  const published = date(value.published, ['published']);
  if (published && theYear !== undefined && published > `${theYear}-12-31`)
    problem(['published'], 'value', `a notice for ${theYear} is published before the year ends`);
  let url: string | undefined;
  if (value.url !== undefined) {
    if (typeof value.url !== 'string' || !/^https?:\/\/\S+$/.test(value.url))
      problem(['url'], 'type', 'must be the address of the publication, http(s)://...');
    else url = value.url;
  }

  const reach = (d: string, path: OfficialYearPath) => {
    if (theYear !== undefined && !inReach(d, theYear)) {
      problem(
        path,
        'value',
        `${d} is not in ${theYear} (only a holiday may begin in the last week of ${theYear - 1})`,
      );
      return false;
    }
    return true;
  };

  // Every listed date: which entry holds it, to refuse a date listed twice.
  const taken = new Map<string, string>();
  const holidays: OfficialHoliday[] = [];
  if (value.holidays === undefined) problem(['holidays'], 'missing', 'give the holidays of the year');
  else if (!Array.isArray(value.holidays) || value.holidays.length === 0)
    problem(['holidays'], 'type', 'must be a list of holidays, each with name, name_zh, from and to');
  else {
    value.holidays.forEach((h, i) => {
      const at = ['holidays', i];
      if (!isRecord(h)) {
        problem(at, 'type', 'must be a mapping with name, name_zh, from and to');
        return;
      }
      unknownKeys(h, HOLIDAY_KEYS, at);
      const name = text(h.name, [...at, 'name'], 'the English name, e.g. "Spring Festival"');
      const nameZh = text(h.name_zh, [...at, 'name_zh'], 'the Chinese name, e.g. "春节"');
      const from = date(h.from, [...at, 'from']);
      const to = h.to === undefined ? from : date(h.to, [...at, 'to']);
      if (!name || !nameZh || !from || !to) return;
      if (!reach(from, [...at, 'from'])) return;
      if (to !== from && (theYear === undefined || to.slice(0, 4) !== String(theYear))) {
        problem([...at, 'to'], 'value', `${to} is not in ${theYear ?? 'the year'}`);
        return;
      }
      if (to < from) {
        problem([...at, 'to'], 'value', `${to} is before from ${from}`);
        return;
      }
      if (daysFromCivil(to) - daysFromCivil(from) > 14) {
        problem([...at, 'to'], 'value', `${from} to ${to} is more than 15 days: check the dates`);
        return;
      }
      if (holidays.some((o) => o.name === name))
        problem([...at, 'name'], 'value', `"${name}" is listed twice: give each holiday once, from and to`);
      for (let d = daysFromCivil(from); d <= daysFromCivil(to); d++) {
        const day = civilFromDays(d);
        const other = taken.get(day);
        if (other) {
          problem([...at, 'from'], 'value', `${day} is already ${other}`);
          return;
        }
      }
      for (let d = daysFromCivil(from); d <= daysFromCivil(to); d++)
        taken.set(civilFromDays(d), `a day off of ${name}`);
      holidays.push({ name, nameZh, from, to });
    });
  }

  const makeupWorkdays: MakeupWorkday[] = [];
  if (value.makeup_workdays !== undefined) {
    if (!Array.isArray(value.makeup_workdays))
      problem(
        ['makeup_workdays'],
        'type',
        'must be a list of weekend days worked (调休), each with date and for',
      );
    else {
      value.makeup_workdays.forEach((m, i) => {
        const at = ['makeup_workdays', i];
        if (!isRecord(m)) {
          problem(at, 'type', 'must be a mapping with date and for');
          return;
        }
        unknownKeys(m, MAKEUP_KEYS, at);
        const d = date(m.date, [...at, 'date']);
        const forName = text(m.for, [...at, 'for'], 'the English name of the holiday it makes up for');
        if (!d || !forName) return;
        if (theYear !== undefined && !inReach(d, theYear)) {
          problem([...at, 'date'], 'value', `${d} is not in ${theYear}`);
          return;
        }
        const other = taken.get(d);
        if (other) {
          problem([...at, 'date'], 'value', `${d} is both a working day and ${other}`);
          return;
        }
        if (!isWeekend(d)) {
          problem(
            [...at, 'date'],
            'value',
            `${d} is a weekday: a makeup working day (调休) is a Saturday or Sunday worked`,
          );
          return;
        }
        if (!holidays.some((h) => h.name === forName)) {
          problem(
            [...at, 'for'],
            'value',
            `"${forName}" is not one of the holidays listed: ${holidays.map((h) => h.name).join(', ')}`,
          );
          return;
        }
        taken.set(d, `a makeup working day for ${forName}`);
        makeupWorkdays.push({ date: d, for: forName });
      });
    }
  }

  if (problems.length > 0 || theYear === undefined || !source || !published) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      official: 'CN',
      year: theYear,
      source,
      published,
      ...(url ? { url } : {}),
      holidays,
      makeupWorkdays,
    },
  };
}

/** The official status of each date the schedule lists, for the calendar compilation. */
export function officialYearDays(spec: OfficialYearSpec): OfficialYearDays {
  const days: Record<string, OfficialDay> = {};
  for (const h of spec.holidays) {
    for (let d = daysFromCivil(h.from); d <= daysFromCivil(h.to); d++)
      days[civilFromDays(d)] = { kind: 'holiday', name: h.name, nameZh: h.nameZh };
  }
  for (const m of spec.makeupWorkdays) {
    const h = spec.holidays.find((x) => x.name === m.for)!;
    days[m.date] = { kind: 'workday', name: h.name, nameZh: h.nameZh };
  }
  return { code: spec.official, year: spec.year, source: spec.source, days };
}

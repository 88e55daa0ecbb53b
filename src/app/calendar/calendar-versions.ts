import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { CompiledCalendar, OfficialScheduleNotCovered } from '../../domain/calendar/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import { AppError } from '../errors.ts';
import { loadedOfficialYearKeys, loadedOfficialYears } from './official-years.ts';

/**
 * Runs clock arithmetic, turning a year the official holidays do not cover into an answer a
 * person can act on (load the year's schedule) rather than a guess or a crash.
 */
export async function withCalendarYears<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OfficialScheduleNotCovered) {
      throw new AppError('calendar_not_covered', {
        detail: {
          en: error.message,
          zh: `法定节假日表 ${error.code} 未包含 ${error.year} 年（现有 ${error.covered.from}–${error.covered.to} 年）：请按 README 载入该年安排。`,
        },
      });
    }
    throw error;
  }
}

/** Wall-clock targets (`clock: calendar`) count every second of every day. */
const DAY = [{ start: 0, end: 86_400 }];
const ALWAYS: CalendarSpec = {
  id: 'always',
  name: '24 x 7',
  timezone: 'UTC',
  week: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY, sat: DAY, sun: DAY },
  daysOff: [],
  dates: {},
};

// Calendar versions never change, so a compiled one can be kept for the life of the process
// (the most recently used ones, so that many tenants and versions do not grow it without end).
// The official years a tenant loaded are part of the key: loading one compiles anew.
const compiled = new LRUCache<string, CompiledCalendar>({ max: 1_000 });
const specs = new LRUCache<string, CalendarSpec>({ max: 1_000 });
const always = new CompiledCalendar(ALWAYS);

export async function calendarFor(
  db: Kysely<Database>,
  tenantId: string,
  clock: { clock_type: string; calendar_key: string | null; calendar_version: number | null },
): Promise<CompiledCalendar> {
  if (clock.clock_type === 'calendar' || clock.calendar_key === null) return always;
  const versionKey = `${tenantId}/${clock.calendar_key}/${clock.calendar_version}`;
  let spec = specs.get(versionKey);
  if (!spec) {
    const row = await db
      .selectFrom('calendar_versions')
      .select(['spec'])
      .where('tenant_id', '=', tenantId)
      .where('calendar_key', '=', clock.calendar_key)
      .where('version', '=', clock.calendar_version ?? 1)
      .executeTakeFirst();
    if (!row) {
      throw new AppError('internal', {
        detail: {
          en: `Calendar ${clock.calendar_key} is not stored.`,
          zh: `日历 ${clock.calendar_key} 未存储。`,
        },
      });
    }
    spec = readJson(row.spec);
    specs.set(versionKey, spec);
  }
  // Only CN is loaded as data (a yearly notice); other schedules are computed by rule.
  const loaded = spec.official === 'CN' ? await loadedOfficialYearKeys(db, tenantId, 'CN') : [];
  const cacheKey = `${versionKey}/${loaded.map((y) => `${y.year}:${y.sha256}`).join(',')}`;
  const cached = compiled.get(cacheKey);
  if (cached) return cached;
  const years = loaded.length > 0 ? await loadedOfficialYears(db, tenantId, 'CN') : [];
  const calendar = new CompiledCalendar(spec, years);
  compiled.set(cacheKey, calendar);
  return calendar;
}

/** The newest version of a calendar, which new clocks are computed with (and record). */
export async function latestCalendarVersion(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
): Promise<number> {
  const row = await db
    .selectFrom('calendar_versions')
    .select('version')
    .where('tenant_id', '=', tenantId)
    .where('calendar_key', '=', key)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('invalid_input', {
      detail: {
        en: `The terms name calendar "${key}", which is not loaded: import it first.`,
        zh: `条款引用的日历 "${key}" 尚未导入。`,
      },
    });
  }
  return row.version;
}

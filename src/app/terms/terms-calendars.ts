import { parse } from 'yaml';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { readJson } from '../../store/schema.ts';
import { parseCalendarOrThrow } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import type { TermsSource } from './parse-terms.ts';

/**
 * Whether a file in a set of terms is a calendar (it has a `timezone` or a `week` and no `kind`),
 * so that `terms check` on a folder holding both counts business days on the calendars in it.
 * A file that is not even YAML is left to the terms parser, which says where it breaks.
 */
function isCalendar(source: TermsSource): boolean {
  let value: unknown;
  try {
    value = parse(source.text);
  } catch {
    return false;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = value as Record<string, unknown>;
  return !('kind' in keys) && ('timezone' in keys || 'week' in keys);
}

/** Splits a set of files into terms and calendars; a bad calendar is an error naming file, line and key. */
export function splitCalendarFiles(sources: readonly TermsSource[]): {
  terms: TermsSource[];
  calendars: CalendarSpec[];
} {
  const terms: TermsSource[] = [];
  const calendars: CalendarSpec[] = [];
  for (const source of sources) {
    if (isCalendar(source)) calendars.push(parseCalendarOrThrow(source).spec);
    else terms.push(source);
  }
  return { terms, calendars };
}

/** The tenant's stored calendars, each key at its newest version last. */
export async function loadStoredCalendars(db: AppDeps['db'], tenantId: string): Promise<CalendarSpec[]> {
  const rows = await db
    .selectFrom('calendar_versions')
    .select(['calendar_key', 'version', 'spec'])
    .where('tenant_id', '=', tenantId)
    .orderBy('calendar_key')
    .orderBy('version')
    .execute();
  return rows.map((c) => ({
    ...readJson(c.spec),
    id: c.calendar_key,
  }));
}

/** Calendar files given apart from the terms (`terms check --calendars`). */
export function parseCalendarFiles(sources: readonly TermsSource[]): CalendarSpec[] {
  return sources.map((source) => parseCalendarOrThrow(source).spec);
}

/**
 * Business days as the calendars count them: under a business clock `P1D` is the calendar's
 * standard working day. The CLI (calendar files) and HTTP (the tenant's stored calendars) both
 * build `CheckOptions.businessDaySeconds` here, so the same terms give the same figures.
 */

import type { CalendarSpec } from '../../calendar/index.ts';
import { CompiledCalendar } from '../../calendar/index.ts';
import type { CheckOptions } from './options.ts';

/** Seconds of a working day per calendar key; a later spec of the same key replaces an earlier one. */
export function businessDaysOf(
  calendars: Iterable<CalendarSpec>,
): NonNullable<CheckOptions['businessDaySeconds']> {
  const days = new Map<string, number>();
  for (const spec of calendars) days.set(spec.id, new CompiledCalendar(spec).daySeconds);
  return (calendar) => (calendar ? days.get(calendar) : undefined);
}

import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { calendarFor, latestCalendarVersion, withCalendarYears } from './calendar-versions.ts';
import { type CalendarSummary, listCalendars } from './list-calendars.ts';
import { type ShownDay, showCalendar } from './show-calendar.ts';

/** The tenant's calendars, for the brand's staff. */
export async function listTenantCalendars(deps: AppDeps, actor: Actor): Promise<CalendarSummary[]> {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
  return listCalendars(deps, actor.tenantId);
}

/** The open windows of a stored calendar (newest version unless named) for one month, day by day. */
export async function calendarMonth(
  deps: AppDeps,
  actor: Actor,
  key: string,
  month: string,
  version?: number,
): Promise<{ key: string; version: number; month: string; days: ShownDay[] }> {
  if (visibilityOf(actor).kind !== 'tenant') throw new AppError('forbidden');
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw invalid([{ path: '/querystring/month', message: 'YYYY-MM' }]);
  const known = (await listCalendars(deps, actor.tenantId)).find((c) => c.key === key);
  if (!known || (version !== undefined && version > known.latestVersion))
    throw notFound({ en: `No calendar "${key}".`, zh: `没有日历 "${key}"。` });
  const v = version ?? (await latestCalendarVersion(deps.db, actor.tenantId, key));
  const calendar = await calendarFor(deps.db, actor.tenantId, {
    clock_type: 'business',
    calendar_key: key,
    calendar_version: v,
  });
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  const days = await withCalendarYears(async () =>
    showCalendar(calendar, `${month}-01`, `${month}-${String(last).padStart(2, '0')}`),
  );
  return { key, version: v, month, days };
}

export { calendarMonth, listTenantCalendars } from './calendar-month.ts';
export { calendarFor, latestCalendarVersion, withCalendarYears } from './calendar-versions.ts';
export {
  answerLines,
  calendarFailure,
  computeDue,
  computeElapsed,
  describeFailure,
  SlaRequestError,
} from './compute-sla.ts';
export { listCalendars } from './list-calendars.ts';
export { listOfficialYears, listOfficialYearsOf } from './list-official-years.ts';
export { CalendarFiles } from './load-calendar-file.ts';
export type { CalendarSource } from './parse-calendar.ts';
export { parseCalendarOrThrow } from './parse-calendar.ts';
export { showCalendar } from './show-calendar.ts';
export { tenantTermsZone } from './terms-zone.ts';

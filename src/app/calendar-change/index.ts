export { importCalendar } from './import-calendar.ts';
export { loadOfficialYear, loadOfficialYearAs } from './load-official-year.ts';

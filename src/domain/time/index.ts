export type { Duration } from './duration.ts';
export {
  addToDate,
  daysBetween,
  duration,
  fixedSeconds,
  formatDuration,
  isCalendarDate,
  parseDuration,
} from './duration.ts';
export { durationInWords } from './labels.ts';

export type { DeadlineClockView } from './deadline-clocks.ts';
export { deadlineClockViews, startDeadlineClock, stopDeadlineClock } from './deadline-clocks.ts';
export type { DeadlineReport } from './process-due-deadlines.ts';
export { processDueDeadlines } from './process-due-deadlines.ts';

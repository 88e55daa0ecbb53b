/**
 * When the next maintenance is due: after `everyRunHours` of running or `everyMonths` of calendar
 * time since the last one, whichever comes first ("every 2,000 run hours or 6 months").
 */
export interface MaintenanceDue {
  due: boolean;
  /** What made it due (or will first): the run hours or the months. */
  by: 'run_hours' | 'months' | null;
  lastOn: string | null;
  dueOn: string | null;
  runHoursSince: number | null;
  runHoursLeft: number | null;
  everyRunHours: number;
  everyMonths: number;
  ref: string | null;
}

export function maintenanceDue(input: {
  every: { runHours: number; months: number; ref?: string | undefined };
  /** The last maintenance, or the installation when there was none (YYYY-MM-DD). */
  lastOn: string | null;
  runHoursNow: number | null;
  runHoursAtLast: number | null;
  today: string;
}): MaintenanceDue {
  const { every, lastOn } = input;
  const dueOn = lastOn ? addMonths(lastOn, every.months) : null;
  const since =
    input.runHoursNow !== null && input.runHoursAtLast !== null
      ? input.runHoursNow - input.runHoursAtLast
      : null;
  const byHours = since !== null && since >= every.runHours;
  const byMonths = dueOn !== null && input.today >= dueOn;
  return {
    due: byHours || byMonths,
    by: byHours ? 'run_hours' : byMonths ? 'months' : null,
    lastOn,
    dueOn,
    runHoursSince: since,
    runHoursLeft: since === null ? null : Math.max(0, every.runHours - since),
    everyRunHours: every.runHours,
    everyMonths: every.months,
    ref: every.ref ?? null,
  };
}

/** Calendar months on a date (the 31st into a shorter month lands on its last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

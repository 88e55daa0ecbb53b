/** Comparing durations: targets as their clock counts them, covers in approximate days. */
import { type Duration, duration, fixedSeconds } from '../../time/index.ts';
import type { Ctx } from './context.ts';
import { DEFAULT_BUSINESS_DAY_SECONDS } from './options.ts';

export function seconds(d: string): number {
  return fixedSeconds(duration(d));
}

/**
 * A target's length as its clock counts it: under a `business` clock a day (and a week, five
 * days) is a working day of the calendar, under a `calendar` clock 24 hours.
 */
export function targetSeconds(
  ctx: Ctx,
  value: string,
  clock: string | undefined,
  calendar: string | undefined,
): number {
  const d = duration(value);
  if (clock !== 'business') return fixedSeconds(d);
  const day = ctx.options.businessDaySeconds?.(calendar) ?? DEFAULT_BUSINESS_DAY_SECONDS;
  return (d.weeks * 5 + d.days) * day + d.hours * 3600 + d.minutes * 60 + d.seconds;
}

/** Approximate length in days, for comparing covers (a month is 30.44 days, a year 365.25). */
export function approxDays(d: Duration): number {
  return (
    d.years * 365.25 +
    d.months * 30.4375 +
    d.weeks * 7 +
    d.days +
    fixedSeconds({ ...d, years: 0, months: 0, weeks: 0, days: 0 }) / 86400
  );
}

/** The difference of two durations, when both are whole months (or years), as a duration. */
export function monthsBetween(longer: Duration, shorter: Duration): Duration | null {
  const pure = (d: Duration) => d.weeks === 0 && d.days === 0 && fixedSeconds(d) === 0;
  if (!pure(longer) || !pure(shorter)) return null;
  const months = longer.years * 12 + longer.months - (shorter.years * 12 + shorter.months);
  return {
    years: Math.floor(months / 12),
    months: months % 12,
    weeks: 0,
    days: 0,
    hours: 0,
    minutes: 0,
    seconds: 0,
  };
}

/** Whether a duration is missing or shorter than a floor (in approximate days). */
export function shorterThan(value: string | undefined, floor: string): boolean {
  return !value || approxDays(duration(value)) < approxDays(duration(floor));
}

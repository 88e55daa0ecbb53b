import {
  type CompiledCalendar,
  civilFromDays,
  type DayKind,
  daysFromCivil,
  formatWindow,
  type Weekday,
} from '../../domain/calendar/index.ts';
import { isCalendarDate } from '../../domain/time/index.ts';
import { AppError } from '../errors.ts';

export interface ShownDay {
  date: string;
  weekday: Weekday;
  kind: DayKind;
  name?: string;
  nameZh?: string;
  /** The windows as written, `HH:MM-HH:MM`. */
  windows: string[];
  /** The open intervals as instants (UTC), after daylight-saving changes. */
  open: Array<{ from: string; to: string }>;
  /** Business seconds of the day (differs from the windows' length on a DST day). */
  seconds: number;
}

const MAX_DAYS = 3660;

/** The open hours of each date from `from` to `to` (inclusive), with why the day has them. */
export function showCalendar(cal: CompiledCalendar, from: string, to: string): ShownDay[] {
  for (const [name, d] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDate(d)) {
      throw new AppError('invalid_input', {
        fields: [{ path: name, message: `${d} is not a date YYYY-MM-DD` }],
      });
    }
  }
  const first = daysFromCivil(from);
  const last = daysFromCivil(to);
  if (last < first || last - first >= MAX_DAYS) {
    throw new AppError('invalid_input', {
      fields: [{ path: 'to', message: `must be on or after from, and at most ${MAX_DAYS} days later` }],
    });
  }
  const out: ShownDay[] = [];
  for (let day = first; day <= last; day++) {
    const plan = cal.plan(civilFromDays(day));
    const open = cal.instantsOf(plan.date, plan.windows);
    out.push({
      date: plan.date,
      weekday: plan.weekday,
      kind: plan.kind,
      ...(plan.name ? { name: plan.name } : {}),
      ...(plan.nameZh ? { nameZh: plan.nameZh } : {}),
      windows: plan.windows.map(formatWindow),
      open: open.map(([a, b]) => ({ from: iso(a), to: iso(b) })),
      seconds: open.reduce((s, [a, b]) => s + (b - a), 0),
    });
  }
  return out;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

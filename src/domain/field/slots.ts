import { businessElapsed, type CompiledCalendar, dueAt } from '../calendar/index.ts';
import { type Point, travel } from './geo.ts';

/** A visit already booked for the technician, where it is. */
export interface BookedStop {
  startsAt: number;
  endsAt: number;
  at: Point;
}

export interface SlotRequest {
  /** The technician's working calendar (the calendars engine). */
  calendar: CompiledCalendar;
  /** Not before (epoch seconds): the technician cannot set out before now. */
  from: number;
  /** The case's on-site deadline (epoch seconds); null: none. */
  dueAt: number | null;
  /** Length of a visit slot in seconds. */
  slotSeconds: number;
  /** Where the technician starts the day (and goes between days). */
  home: Point;
  /** Where the visit is. */
  site: Point;
  /** Booked visits of the technician with their sites. */
  busy: readonly BookedStop[];
  /** Absences: [start, end) epoch seconds. */
  absences: readonly (readonly [number, number])[];
  /** How many slots to offer, and how far ahead to look (seconds). */
  count: number;
  horizonSeconds: number;
}

export interface Slot {
  startsAt: number;
  endsAt: number;
  /** Arriving at the slot's start keeps the on-site deadline. */
  meetsDeadline: boolean;
  /** Where the technician comes from: home, or the visit booked before it that day. */
  comesFrom: 'home' | 'previous_visit';
  /** Where that is, and the travel to the site from there in seconds (the travel model of geo.ts). */
  origin: Point;
  travelSeconds: number;
}

const HOUR = 3600;
const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1;

/** The local day (days since the epoch in the calendar's zone) an instant falls on. */
const localDay = (calendar: CompiledCalendar, t: number) =>
  Math.floor((t + calendar.zone.offsetAt(t)) / 86_400);

/**
 * Slots on the hour, each wholly inside the technician's working time, clear of bookings and
 * absences. Travel is from the previous visit booked that day when there is one (else from home),
 * and to the next visit booked that day, which must still be reachable in time: the route of the
 * day holds, not only the slot. Slots that keep the on-site deadline come first; when none does,
 * the earliest later ones are offered, marked as missing it.
 */
export function offerSlots(r: SlotRequest): Slot[] {
  const out: Slot[] = [];
  const end = r.from + r.horizonSeconds;
  const stops = [...r.busy].sort((a, b) => a.startsAt - b.startsAt);
  const fromHome = travel(r.home, r.site).seconds;
  let t = Math.ceil((r.from + fromHome) / HOUR) * HOUR;
  let guard = 0;
  while (t < end && out.length < r.count && guard++ < 10_000) {
    const open = dueAt(r.calendar, t, 0);
    if (open !== t) {
      t = Math.ceil(open / HOUR) * HOUR;
      continue;
    }
    const slotEnd = t + r.slotSeconds;
    const day = localDay(r.calendar, t);
    const before = stops.filter((s) => s.endsAt <= t && localDay(r.calendar, s.endsAt) === day).at(-1);
    const after = stops.find((s) => s.startsAt >= slotEnd && localDay(r.calendar, s.startsAt) === day);
    const travelIn = before ? travel(before.at, r.site).seconds : fromHome;
    const setsOut = t - travelIn;
    const feasible =
      businessElapsed(r.calendar, t, slotEnd) === r.slotSeconds &&
      setsOut >= r.from &&
      (!before || before.endsAt <= setsOut) &&
      (!after || slotEnd + travel(r.site, after.at).seconds <= after.startsAt) &&
      !stops.some((s) => overlaps(setsOut, slotEnd, s.startsAt, s.endsAt)) &&
      !r.absences.some(([a0, a1]) => overlaps(setsOut, slotEnd, a0, a1));
    if (feasible) {
      out.push({
        startsAt: t,
        endsAt: slotEnd,
        meetsDeadline: r.dueAt === null || t <= r.dueAt,
        comesFrom: before ? 'previous_visit' : 'home',
        origin: before ? before.at : r.home,
        travelSeconds: travelIn,
      });
      t = slotEnd;
    } else t += HOUR;
  }
  const keeping = out.filter((s) => s.meetsDeadline);
  return keeping.length > 0 ? keeping : out;
}

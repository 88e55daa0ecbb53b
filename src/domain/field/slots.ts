import { businessElapsed, type CompiledCalendar, dueAt } from '../calendar/index.ts';

export interface SlotRequest {
  /** The technician's working calendar (the calendars engine). */
  calendar: CompiledCalendar;
  /** Not before (epoch seconds): now plus the travel from where the technician is. */
  from: number;
  /** The case's on-site deadline (epoch seconds); null: none. */
  dueAt: number | null;
  /** Length of a visit slot in seconds. */
  slotSeconds: number;
  /** Travel kept free before each slot (epoch seconds). */
  travelSeconds: number;
  /** Booked appointments of the technician: [start, end) epoch seconds. */
  busy: readonly (readonly [number, number])[];
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
}

const HOUR = 3600;
const overlaps = (a0: number, a1: number, [b0, b1]: readonly [number, number]) => a0 < b1 && b0 < a1;

/**
 * Slots on the hour, each wholly inside the technician's working time, clear of bookings and
 * absences with the travel before it free too. Slots that keep the on-site deadline come first;
 * when none does, the earliest later ones are offered, marked as missing it.
 */
export function offerSlots(r: SlotRequest): Slot[] {
  const out: Slot[] = [];
  const end = r.from + r.horizonSeconds;
  let t = Math.ceil(r.from / HOUR) * HOUR;
  let guard = 0;
  while (t < end && out.length < r.count && guard++ < 10_000) {
    const open = dueAt(r.calendar, t, 0);
    if (open !== t) {
      t = Math.ceil(open / HOUR) * HOUR;
      continue;
    }
    const slotEnd = t + r.slotSeconds;
    const inHours = businessElapsed(r.calendar, t, slotEnd) === r.slotSeconds;
    const blocked = [...r.busy, ...r.absences].some((b) =>
      overlaps(t - r.travelSeconds, slotEnd + r.travelSeconds, b),
    );
    if (inHours && !blocked) {
      out.push({ startsAt: t, endsAt: slotEnd, meetsDeadline: r.dueAt === null || t <= r.dueAt });
      t = slotEnd;
    } else t += HOUR;
  }
  const keeping = out.filter((s) => s.meetsDeadline);
  return keeping.length > 0 ? keeping : out;
}

/**
 * The first instant a technician can set out: the first working instant at or after `from` that
 * is not inside a booking or an absence (bookings end where the next trip may start).
 */
export function firstFree(
  calendar: CompiledCalendar,
  from: number,
  blocked: readonly (readonly [number, number])[],
  horizonSeconds: number,
): number | null {
  const sorted = [...blocked].sort((a, b) => a[0] - b[0]);
  let t = dueAt(calendar, from, 0);
  for (let i = 0; i < 1000 && t < from + horizonSeconds; i++) {
    const hit = sorted.find((b) => b[0] <= t && t < b[1]);
    if (!hit) return t;
    t = dueAt(calendar, hit[1], 0);
  }
  return null;
}

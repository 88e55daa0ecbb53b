/**
 * Time-zone rules from the built-in Intl database (pure: no clock, no I/O).
 *
 * `Intl.DateTimeFormat` answers "what is the wall time of this instant"; we turn that into a list
 * of offset transitions per zone and year, found by sampling every 12 hours and bisecting to the
 * second where the offset changes. After that every conversion is a lookup in a short array.
 *
 * Wall time that does not exist (the hour skipped when clocks go forward) is read as the instant
 * the clocks jumped (02:30 on a spring-forward night in Berlin is 03:00 CEST). Wall time that
 * occurs twice (the hour repeated when clocks go back) is read as its earlier or its later
 * occurrence, as the caller asks: a window starts at the earlier one and ends at the later one,
 * so it spans all the wall time it names.
 */

const SAMPLE_STEP = 12 * 3600;
const MAX_OFFSET = 15 * 3600;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the IANA zone name is known to this runtime. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC, in seconds, at an instant (epoch seconds), asked of Intl directly. */
export function intlOffset(zone: string, epochSeconds: number): number {
  const t = Math.floor(epochSeconds);
  const parts = formatter(zone).formatToParts(new Date(t * 1000));
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      case 'era':
        bc = p.value === 'BC' || p.value === 'B';
        break;
    }
  }
  const year = bc ? 1 - y : y;
  const date = new Date(0);
  date.setUTCFullYear(year, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime() / 1000 - t;
}

interface YearRules {
  /** Offset in force at the start of the span. */
  initial: number;
  /** Instants (epoch seconds) at which the offset changes, and the offset from then on. */
  at: number[];
  after: number[];
}

/** Offsets of one zone, computed once per UTC year and kept. */
export class Zone {
  readonly name: string;
  readonly #years = new Map<number, YearRules>();

  constructor(name: string) {
    this.name = name;
  }

  #rules(year: number): YearRules {
    let r = this.#years.get(year);
    if (r) return r;
    const from = Date.UTC(year, 0, 1) / 1000;
    const to = Date.UTC(year + 1, 0, 1) / 1000;
    const initial = intlOffset(this.name, from);
    const at: number[] = [];
    const after: number[] = [];
    let prevT = from;
    let prevO = initial;
    for (let t = from + SAMPLE_STEP; t <= to; t += SAMPLE_STEP) {
      const o = intlOffset(this.name, t);
      if (o !== prevO) {
        // Bisect to the first second with the new offset.
        let lo = prevT;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (intlOffset(this.name, mid) === prevO) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        after.push(intlOffset(this.name, hi));
        prevO = o;
      }
      prevT = t;
    }
    r = { initial, at, after };
    this.#years.set(year, r);
    return r;
  }

  /** Offset from UTC in seconds at an instant (epoch seconds). */
  offsetAt(t: number): number {
    const year = utcYear(t);
    const r = this.#rules(year);
    let o = r.initial;
    for (let i = 0; i < r.at.length; i++) {
      if (t >= r.at[i]!) o = r.after[i]!;
      else break;
    }
    return o;
  }

  /** The first instant after `t` at which the offset changes, within the next two days, if any. */
  #nextTransition(t: number): number | undefined {
    for (const year of [utcYear(t), utcYear(t + 2 * 86400)]) {
      for (const at of this.#rules(year).at) if (at > t) return at;
    }
    return undefined;
  }

  /**
   * The instant of a wall time, given as seconds since 1970-01-01T00:00 *local*.
   * `occurrence` picks between the two instants of a repeated wall time; a skipped one is the jump.
   */
  toInstant(local: number, occurrence: 'earlier' | 'later'): number {
    const oA = this.offsetAt(local - MAX_OFFSET);
    const oB = this.offsetAt(local + MAX_OFFSET);
    const tA = local - oA;
    const tB = local - oB;
    const okA = this.offsetAt(tA) === oA;
    const okB = oA !== oB && this.offsetAt(tB) === oB;
    if (okA && okB) return occurrence === 'earlier' ? Math.min(tA, tB) : Math.max(tA, tB);
    if (okA) return tA;
    if (okB) return tB;
    // A skipped wall time: the clocks jumped over it at the transition between the two candidates.
    const jump = this.#nextTransition(Math.min(tA, tB) - 1);
    if (jump === undefined) throw new Error(`no instant for local time ${local} in ${this.name}`);
    return jump;
  }

  /** Seconds since 1970-01-01T00:00 local (wall time as if it were UTC) of an instant. */
  toLocal(t: number): number {
    return t + this.offsetAt(t);
  }
}

function utcYear(t: number): number {
  // Fast estimate, corrected against the exact year boundaries.
  let y = 1970 + Math.floor(t / 31_556_952);
  if (t < Date.UTC(y, 0, 1) / 1000) y--;
  else if (t >= Date.UTC(y + 1, 0, 1) / 1000) y++;
  return y;
}

const zones = new Map<string, Zone>();

/** The shared rules of a zone (they never change within a process). */
export function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    z = new Zone(name);
    zones.set(name, z);
  }
  return z;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duration } from '../time/duration.ts';
import { CalendarError } from './compiled.ts';
import { OfficialScheduleNotCovered } from './official.ts';
import {
  businessElapsed,
  clockState,
  dueAt,
  isOpen,
  nextOpen,
  type Pause,
  recomputeDeadlines,
} from './sla.ts';
import { calendar, iso, sec } from './testing.ts';

const H = 3600;
const LUNCH = ['09:00-12:00', '13:00-18:00'];
const ALL_DAY = ['00:00-24:00'];
const EVERY_DAY = {
  mon: ALL_DAY,
  tue: ALL_DAY,
  wed: ALL_DAY,
  thu: ALL_DAY,
  fri: ALL_DAY,
  sat: ALL_DAY,
  sun: ALL_DAY,
};

/** examples/calendars/cn-business.yaml */
const cn = calendar({
  id: 'cn-business',
  timezone: 'Asia/Shanghai',
  weekdays: LUNCH,
  official: 'CN',
  makeupDay: LUNCH,
  daysOff: ['2026-12-31'],
  dates: { '2026-12-24': ['09:00-12:00'] },
});
const berlin = calendar({ timezone: 'Europe/Berlin', weekdays: ['08:00-17:00'] });
const newYork = calendar({ timezone: 'America/New_York', weekdays: ['09:00-17:00'], official: 'US' });
const always = calendar({ timezone: 'UTC', week: EVERY_DAY });
const berlin24 = calendar({ timezone: 'Europe/Berlin', week: EVERY_DAY });
const newYork24 = calendar({ timezone: 'America/New_York', week: EVERY_DAY });

const due = (cal: typeof cn, start: string, d: string | number, pauses: Array<[string, string]> = []) =>
  iso(
    dueAt(
      cal,
      sec(start),
      typeof d === 'number' ? d : cal.businessSeconds(duration(d)),
      pauses.map(([a, b]) => [sec(a), sec(b)] as Pause),
    ),
  );

describe('dueAt on split hours (cn-business, Asia/Shanghai = UTC+8)', () => {
  it('skips lunch', () => {
    // Mon 2026-03-02 11:00 CST + 2 h = 11-12, 13-14.
    expect(due(cn, '2026-03-02T03:00:00Z', 'PT2H')).toBe('2026-03-02T06:00:00Z');
  });
  it('gives the close when the deadline falls exactly on it', () => {
    expect(due(cn, '2026-03-02T01:00:00Z', 'PT3H')).toBe('2026-03-02T04:00:00Z'); // 12:00, not 13:00
    expect(due(cn, '2026-03-02T05:00:00Z', 'PT5H')).toBe('2026-03-02T10:00:00Z'); // 18:00, not next day 09:00
  });
  it('waits for the opening when started before it, and for the next day when after the close', () => {
    expect(due(cn, '2026-03-02T23:00:00Z', 'PT1H')).toBe('2026-03-03T02:00:00Z'); // 07:00 -> 10:00
    expect(due(cn, '2026-03-02T11:00:00Z', 'PT1H')).toBe('2026-03-03T02:00:00Z'); // 19:00 -> next 10:00
    expect(due(cn, '2026-03-02T04:30:00Z', 'PT30M')).toBe('2026-03-02T05:30:00Z'); // 12:30 -> 13:30
  });
  it('skips the weekend', () => {
    // Fri 2026-03-06 17:00 + 4 h = Fri 17-18, Mon 09-12.
    expect(due(cn, '2026-03-06T09:00:00Z', 'PT4H')).toBe('2026-03-09T04:00:00Z');
  });
  it('skips public holidays (Labour Day 2026-05-01..05)', () => {
    // Thu 2026-04-30 17:00 + 2 h = Thu 17-18, Wed 05-06 09-10. Sat 2026-05-09 is worked (调休) but comes later.
    expect(due(cn, '2026-04-30T09:00:00Z', 'PT2H')).toBe('2026-05-06T02:00:00Z');
  });
  it('follows Spring Festival 2026: closed 15-23 Feb, open on the makeup Saturdays 14 and 28 Feb', () => {
    // Fri 13 Feb 16:00 + 16 h = Fri 2 h, Sat 14 Feb 8 h, then Tue 24 Feb 09-12, 13-16.
    expect(due(cn, '2026-02-13T08:00:00Z', 'PT16H')).toBe('2026-02-24T08:00:00Z');
    // Fri 13 Feb 17:00 + 4 h = Fri 1 h, Sat 14 Feb 09-12: the close of the morning window.
    expect(due(cn, '2026-02-13T09:00:00Z', 'PT4H')).toBe('2026-02-14T04:00:00Z');
    // Fri 27 Feb 17:00 + 4 h: Sat 28 Feb is worked too.
    expect(due(cn, '2026-02-27T09:00:00Z', 'PT4H')).toBe('2026-02-28T04:00:00Z');
    // A start inside the holiday waits for its end.
    expect(due(cn, '2026-02-17T02:00:00Z', 'PT1H')).toBe('2026-02-24T02:00:00Z');
    expect(businessElapsed(cn, sec('2026-02-13T01:00:00Z'), sec('2026-03-02T01:00:00Z'))).toBe(
      (1 + 1 + 4 + 1) * 8 * H, // Fri 13, Sat 14, Tue 24 - Fri 27, Sat 28
    );
  });
  it('applies a `dates` override and the own days off', () => {
    // Thu 2026-12-24 has 09:00-12:00 only: 11:00 + 2 h = 11-12, Fri 25 09-10.
    expect(due(cn, '2026-12-24T03:00:00Z', 'PT2H')).toBe('2026-12-25T02:00:00Z');
    // Without the override the same start would end on the 24th.
    const plain = calendar({ timezone: 'Asia/Shanghai', weekdays: LUNCH, official: 'CN' });
    expect(due(plain, '2026-12-24T03:00:00Z', 'PT2H')).toBe('2026-12-24T06:00:00Z');
  });
  it('refuses a year the official schedule does not cover, instead of guessing', () => {
    // Wed 2026-12-30 17:00 + 2 h: 31 Dec is a day off, and 2027's holidays are not known.
    expect(() => due(cn, '2026-12-30T09:00:00Z', 'PT2H')).toThrow(OfficialScheduleNotCovered);
    expect(() => due(cn, '2026-12-30T09:00:00Z', 'PT2H')).toThrow(/CN does not cover 2027/);
    expect(due(cn, '2026-12-30T09:00:00Z', 'PT1H')).toBe('2026-12-30T10:00:00Z');
  });
  it('gives the first open instant at or after the start for a zero duration', () => {
    expect(due(cn, '2026-03-07T02:00:00Z', 'PT0S')).toBe('2026-03-09T01:00:00Z'); // Sat -> Mon 09:00
    expect(due(cn, '2026-03-02T04:30:00Z', 0)).toBe('2026-03-02T05:00:00Z'); // lunch -> 13:00
    expect(due(cn, '2026-03-02T02:00:00Z', 0)).toBe('2026-03-02T02:00:00Z'); // open: itself
    expect(due(cn, '2026-03-02T04:00:00Z', 0)).toBe('2026-03-02T05:00:00Z'); // 12:00 is closed
  });
});

describe('pauses', () => {
  const monday9 = '2026-03-02T01:00:00Z'; // 09:00 CST
  it('remove the business time they overlap', () => {
    // Paused 10:00-11:00: 09-10, 11-12, 13-15.
    expect(due(cn, monday9, 'PT4H', [['2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z']])).toBe(
      '2026-03-02T07:00:00Z',
    );
    // Paused 11:30-13:30 across lunch: 09-11:30, 13:30-15:00.
    expect(due(cn, monday9, 'PT4H', [['2026-03-02T03:30:00Z', '2026-03-02T05:30:00Z']])).toBe(
      '2026-03-02T07:00:00Z',
    );
    // Paused from 17:00 to Tuesday 10:00: 09-12, 13-17, Tue 10-11.
    expect(due(cn, monday9, 'PT8H', [['2026-03-02T09:00:00Z', '2026-03-03T02:00:00Z']])).toBe(
      '2026-03-03T03:00:00Z',
    );
  });
  it('outside the windows change nothing', () => {
    expect(due(cn, monday9, 'PT4H', [['2026-03-02T04:00:00Z', '2026-03-02T05:00:00Z']])).toBe(
      '2026-03-02T06:00:00Z',
    );
    expect(due(cn, monday9, 'PT4H', [['2026-03-01T00:00:00Z', '2026-03-02T01:00:00Z']])).toBe(
      '2026-03-02T06:00:00Z',
    );
    expect(due(cn, monday9, 'PT4H', [['2026-03-05T00:00:00Z', '2026-03-06T00:00:00Z']])).toBe(
      '2026-03-02T06:00:00Z',
    );
  });
  it('may overlap each other and be given in any order', () => {
    const pauses: Array<[string, string]> = [
      ['2026-03-02T02:30:00Z', '2026-03-02T03:00:00Z'],
      ['2026-03-02T02:00:00Z', '2026-03-02T02:45:00Z'],
    ];
    expect(due(cn, monday9, 'PT4H', pauses)).toBe('2026-03-02T07:00:00Z');
  });
  it('are left out of the elapsed business time', () => {
    const p: Pause = [sec('2026-03-02T02:00:00Z'), sec('2026-03-02T03:00:00Z')];
    expect(businessElapsed(cn, sec(monday9), sec('2026-03-02T10:00:00Z'), [p])).toBe(7 * H);
    expect(businessElapsed(cn, sec(monday9), sec('2026-03-02T10:00:00Z'))).toBe(8 * H);
  });
  it('end where the target is reached at a pause start: the deadline is that instant', () => {
    expect(due(cn, monday9, 'PT1H', [['2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z']])).toBe(
      '2026-03-02T02:00:00Z',
    );
  });
});

describe('daylight saving time', () => {
  it('Europe/Berlin office hours keep their wall time across both changes', () => {
    // Fri 2026-03-27 16:00 CET + 2 h = Fri 16-17, Mon 30 08-09 CEST.
    expect(due(berlin, '2026-03-27T15:00:00Z', 'PT2H')).toBe('2026-03-30T07:00:00Z');
    // Fri 2026-10-23 16:00 CEST + 2 h = Fri 16-17, Mon 26 08-09 CET.
    expect(due(berlin, '2026-10-23T14:00:00Z', 'PT2H')).toBe('2026-10-26T08:00:00Z');
    expect(businessElapsed(berlin, sec('2026-03-27T15:00:00Z'), sec('2026-03-30T07:00:00Z'))).toBe(2 * H);
  });
  it('a 24-hour calendar counts real time: 23 h on the spring day, 25 h on the autumn day', () => {
    expect(due(berlin24, '2026-03-28T11:00:00Z', 'PT24H')).toBe('2026-03-29T11:00:00Z');
    expect(businessElapsed(berlin24, sec('2026-03-28T23:00:00Z'), sec('2026-03-29T22:00:00Z'))).toBe(23 * H);
    expect(businessElapsed(berlin24, sec('2026-10-24T22:00:00Z'), sec('2026-10-25T23:00:00Z'))).toBe(25 * H);
    expect(due(newYork24, '2026-11-01T04:00:00Z', 'PT25H')).toBe('2026-11-02T05:00:00Z');
  });
  it('a window in the skipped hour does not exist; one spanning the repeated hour is longer', () => {
    const odd = calendar({
      timezone: 'Europe/Berlin',
      dates: { '2026-03-29': ['02:00-03:00', '10:00-11:00'], '2026-10-25': ['01:00-04:00'] },
    });
    expect(due(odd, '2026-03-29T00:00:00Z', 'PT30M')).toBe('2026-03-29T08:30:00Z'); // 10:30 CEST
    expect(isOpen(odd, sec('2026-03-29T01:00:00Z'))).toBe(false); // 03:00 CEST
    // 01:00 CEST (23:00Z) to 04:00 CET (03:00Z): 4 hours of real time.
    expect(businessElapsed(odd, sec('2026-10-24T00:00:00Z'), sec('2026-10-26T00:00:00Z'))).toBe(4 * H);
    expect(nextOpen(odd, sec('2026-10-24T12:00:00Z'))).toBe(sec('2026-10-24T23:00:00Z'));
  });
  it('America/New_York office hours and US public holidays', () => {
    // Fri 2026-03-06 16:00 EST + 2 h = Fri 16-17, Mon 9 09-10 EDT.
    expect(due(newYork, '2026-03-06T21:00:00Z', 'PT2H')).toBe('2026-03-09T14:00:00Z');
    // Fri 2026-10-30 16:00 EDT + 2 h = Fri 16-17, Mon 2 Nov 09-10 EST.
    expect(due(newYork, '2026-10-30T20:00:00Z', 'PT2H')).toBe('2026-11-02T15:00:00Z');
    // Thu 2026-07-02 16:00 EDT + 2 h: Fri 3 July is the observed Independence Day.
    expect(due(newYork, '2026-07-02T20:00:00Z', 'PT2H')).toBe('2026-07-06T14:00:00Z');
  });
});

describe('a 24-hour calendar', () => {
  it('counts wall time, across days and years', () => {
    expect(due(always, '2026-02-13T08:00:00Z', 'PT24H')).toBe('2026-02-14T08:00:00Z');
    expect(due(always, '2025-12-31T23:00:00Z', 'PT2H')).toBe('2026-01-01T01:00:00Z');
    expect(due(always, '2026-02-13T08:00:00Z', 'P3D')).toBe('2026-02-16T08:00:00Z');
    expect(isOpen(always, sec('2026-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('business days and weeks', () => {
  it('a day is one standard business day of the calendar, a week the open time of a regular week', () => {
    expect(cn.businessSeconds(duration('P1D'))).toBe(8 * H);
    expect(cn.businessSeconds(duration('P5D'))).toBe(40 * H);
    expect(cn.businessSeconds(duration('P1W'))).toBe(40 * H);
    expect(cn.businessSeconds(duration('P1DT4H'))).toBe(12 * H);
    expect(always.businessSeconds(duration('P1D'))).toBe(24 * H);
    // Berlin-style hours: Mon-Thu 9 h, Fri 7 h: the standard day is the most common one.
    const de = calendar({
      timezone: 'Europe/Berlin',
      weekdays: ['08:00-17:00'],
      week: { fri: ['08:00-15:00'] },
    });
    expect(de.businessSeconds(duration('P1D'))).toBe(9 * H);
    expect(de.businessSeconds(duration('P1W'))).toBe(43 * H);
    expect(() => cn.businessSeconds(duration('P1M'))).toThrow(CalendarError);
  });
  it('counts P5D and P10D as 40 and 80 business hours', () => {
    // 40 business hours from Mon 09:00 end exactly at Friday's 18:00 close.
    expect(due(cn, '2026-03-02T01:00:00Z', 'P5D')).toBe('2026-03-06T10:00:00Z');
    // P10D from a Thursday across the Tomb-sweeping holiday (Sat 4 - Mon 6 April 2026).
    expect(due(cn, '2026-04-02T01:00:00Z', 'P10D')).toBe('2026-04-16T10:00:00Z');
  });
});

describe('isOpen and nextOpen', () => {
  it('answer with half-open windows', () => {
    expect(isOpen(cn, sec('2026-03-02T01:00:00Z'))).toBe(true); // 09:00
    expect(isOpen(cn, sec('2026-03-02T04:00:00Z'))).toBe(false); // 12:00
    expect(isOpen(cn, sec('2026-02-14T02:00:00Z'))).toBe(true); // makeup Saturday
    expect(isOpen(cn, sec('2026-02-16T02:00:00Z'))).toBe(false); // Spring Festival
    expect(nextOpen(cn, sec('2026-02-15T02:00:00Z'))).toBe(sec('2026-02-24T01:00:00Z'));
  });
});

describe('clockState', () => {
  const start = sec('2026-03-02T01:00:00Z'); // Mon 09:00 CST
  const clock = { start, targetSeconds: 4 * H, pauses: [] };
  it('is running with the time left, then breached with the time over', () => {
    expect(clockState(cn, clock, sec('2026-03-02T02:00:00Z'))).toMatchObject({
      status: 'running',
      deadline: sec('2026-03-02T06:00:00Z'),
      remainingSeconds: 3 * H,
    });
    expect(clockState(cn, clock, sec('2026-03-02T06:00:00Z')).status).toBe('running');
    expect(clockState(cn, clock, sec('2026-03-02T07:30:00Z'))).toMatchObject({
      status: 'breached',
      remainingSeconds: 0,
      overdueSeconds: 1.5 * H,
    });
  });
  it('is met when stopped by the deadline, breached when stopped after it', () => {
    expect(
      clockState(cn, { ...clock, stoppedAt: sec('2026-03-02T06:00:00Z') }, sec('2026-03-09T00:00:00Z')),
    ).toMatchObject({ status: 'met', elapsedSeconds: 4 * H, remainingSeconds: 0 });
    expect(
      clockState(cn, { ...clock, stoppedAt: sec('2026-03-02T06:00:01Z') }, sec('2026-03-09T00:00:00Z')),
    ).toMatchObject({ status: 'breached', overdueSeconds: 1 });
  });
  it('is paused while a pause goes on, with no deadline until it ends', () => {
    const paused = { ...clock, pauses: [{ from: sec('2026-03-02T02:00:00Z') }] };
    expect(clockState(cn, paused, sec('2026-03-03T02:00:00Z'))).toMatchObject({
      status: 'paused',
      deadline: undefined,
      elapsedSeconds: H,
      remainingSeconds: 3 * H,
    });
  });
  it('stays breached when paused after the deadline: a pause does not hide a breach', () => {
    const late = { ...clock, pauses: [{ from: sec('2026-03-02T08:00:00Z') }] };
    expect(clockState(cn, late, sec('2026-03-03T02:00:00Z'))).toMatchObject({
      status: 'breached',
      deadline: sec('2026-03-02T06:00:00Z'),
      overdueSeconds: 2 * H,
    });
  });
  describe('with its deadline in a year whose holidays are not loaded (CN data ends with 2026)', () => {
    // Mon 2026-12-28 10:00 CST with five business days: 28, 29, 30 (31 is a day off) reach only
    // into 2027, whose official holidays nobody knows yet.
    const yearEnd = { start: sec('2026-12-28T02:00:00Z'), targetSeconds: 5 * 8 * H, pauses: [] };
    const newYear = sec('2026-12-31T16:00:00Z'); // 2027-01-01 00:00 CST
    it('is running, with the time counted and left exact and the deadline pending, not guessed', () => {
      expect(clockState(cn, yearEnd, sec('2026-12-29T02:00:00Z'))).toEqual({
        status: 'running',
        deadline: undefined,
        deadlinePending: { year: 2027, from: newYear },
        elapsedSeconds: 8 * H,
        remainingSeconds: 32 * H,
        overdueSeconds: 0,
      });
    });
    it('is met when stopped before the year begins', () => {
      const stopped = { ...yearEnd, stoppedAt: sec('2026-12-30T02:00:00Z') };
      expect(clockState(cn, stopped, sec('2026-12-30T03:00:00Z'))).toMatchObject({
        status: 'met',
        deadlinePending: { year: 2027 },
      });
    });
    it('has no deadline while paused, as any paused clock not yet due', () => {
      const paused = { ...yearEnd, pauses: [{ from: sec('2026-12-29T02:00:00Z') }] };
      const state = clockState(cn, paused, sec('2026-12-30T02:00:00Z'));
      expect(state).toMatchObject({ status: 'paused', deadline: undefined, remainingSeconds: 32 * H });
      expect(state.deadlinePending).toBeUndefined();
    });
    it('cannot be counted once that year has begun', () => {
      expect(() => clockState(cn, yearEnd, newYear)).toThrow(OfficialScheduleNotCovered);
      expect(() => clockState(cn, yearEnd, newYear - 1)).not.toThrow();
    });
    it('is computed as before when the deadline falls within the loaded years', () => {
      const short = { ...yearEnd, targetSeconds: 8 * H };
      const state = clockState(cn, short, sec('2026-12-28T03:00:00Z'));
      expect(state.deadline).toBe(sec('2026-12-29T02:00:00Z'));
      expect(state.deadlinePending).toBeUndefined();
    });
  });
});

describe('recomputeDeadlines', () => {
  it('moves the deadlines a new holiday touches and leaves the others', () => {
    const before = calendar({ timezone: 'Asia/Shanghai', weekdays: LUNCH, official: 'CN' });
    const after = calendar({
      timezone: 'Asia/Shanghai',
      weekdays: LUNCH,
      official: 'CN',
      daysOff: ['2026-03-03'],
    });
    const clocks = [
      { start: sec('2026-03-02T01:00:00Z'), targetSeconds: 4 * H },
      { start: sec('2026-03-02T01:00:00Z'), targetSeconds: 12 * H },
      {
        start: sec('2026-03-02T01:00:00Z'),
        targetSeconds: 12 * H,
        pauses: [[sec('2026-03-02T02:00:00Z'), sec('2026-03-02T03:00:00Z')]] as Pause[],
      },
    ];
    expect([...recomputeDeadlines(before, clocks)].map(iso)).toEqual([
      '2026-03-02T06:00:00Z',
      '2026-03-03T06:00:00Z',
      '2026-03-03T07:00:00Z',
    ]);
    expect([...recomputeDeadlines(after, clocks)].map(iso)).toEqual([
      '2026-03-02T06:00:00Z',
      '2026-03-04T06:00:00Z',
      '2026-03-04T07:00:00Z',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, on calendars of several shapes. Starts over 2025-2026 (CN data ends with 2026).

const CALENDARS = { cn, berlin, newYork, always, berlin24 };
const calendarArb = fc.constantFrom(...(Object.keys(CALENDARS) as Array<keyof typeof CALENDARS>));
const startArb = fc.integer({ min: sec('2025-01-01T00:00:00Z'), max: sec('2026-10-31T00:00:00Z') });
const secondsArb = fc.integer({ min: 1, max: 120 * H });

describe('properties', () => {
  it('dueAt(s, a + b) = dueAt(dueAt(s, a), b) for positive a and b, without pauses', () => {
    fc.assert(
      fc.property(calendarArb, startArb, secondsArb, secondsArb, (name, s, a, b) => {
        const cal = CALENDARS[name];
        expect(dueAt(cal, s, a + b)).toBe(dueAt(cal, dueAt(cal, s, a), b));
      }),
      { numRuns: 500 },
    );
  });
  it('businessElapsed(s, dueAt(s, d)) = d, with or without pauses', () => {
    const pauseArb = fc.tuple(
      fc.integer({ min: -2 * 86400, max: 20 * 86400 }),
      fc.integer({ min: 1, max: 3 * 86400 }),
    );
    fc.assert(
      fc.property(
        calendarArb,
        startArb,
        fc.nat(120 * H),
        fc.array(pauseArb, { maxLength: 3 }),
        (name, s, d, ps) => {
          const cal = CALENDARS[name];
          expect(businessElapsed(cal, s, dueAt(cal, s, d))).toBe(d);
          const pauses = ps.map(([off, len]) => [s + off, s + off + len] as Pause);
          expect(businessElapsed(cal, s, dueAt(cal, s, d, pauses), pauses)).toBe(d);
        },
      ),
      { numRuns: 500 },
    );
  });
  it('deadlines never decrease as durations grow', () => {
    fc.assert(
      fc.property(calendarArb, startArb, fc.nat(120 * H), fc.nat(120 * H), (name, s, a, b) => {
        const cal = CALENDARS[name];
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(dueAt(cal, s, lo)).toBeLessThanOrEqual(dueAt(cal, s, hi));
      }),
      { numRuns: 500 },
    );
  });
  it('a positive deadline is never in closed time, and zero gives an open instant', () => {
    fc.assert(
      fc.property(calendarArb, startArb, fc.nat(120 * H), (name, s, d) => {
        const cal = CALENDARS[name];
        const t = dueAt(cal, s, d);
        expect(t).toBeGreaterThanOrEqual(s);
        if (d === 0) expect(isOpen(cal, t)).toBe(true);
        else expect(isOpen(cal, t - 1)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

// An independent check of the time-zone handling: wall time read straight from Intl.
const wall = new Map<string, Intl.DateTimeFormat>();
function wallTime(zone: string, t: number): { date: string; seconds: number } {
  let f = wall.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wall.set(zone, f);
  }
  const text = f.format(new Date(t * 1000)); // "2026-03-29 03:00:00"
  const [date, time] = text.split(' ');
  const [h, m, sc] = time!.split(':').map(Number);
  return { date: date!, seconds: h! * 3600 + m! * 60 + sc! };
}

describe('against a minute-by-minute count on wall time', () => {
  it('agrees on isOpen and on deadlines', () => {
    const cals = { cn, berlin, newYork };
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(cals) as Array<keyof typeof cals>)),
        fc.integer({ min: sec('2025-01-01T00:00:00Z') / 60, max: sec('2026-11-30T00:00:00Z') / 60 }),
        fc.integer({ min: 1, max: 16 * 60 }),
        (name, startMinute, minutes) => {
          const cal = cals[name];
          const open = (t: number) => {
            const w = wallTime(cal.spec.timezone, t);
            return cal.plan(w.date).windows.some((x) => w.seconds >= x.start && w.seconds < x.end);
          };
          let t = startMinute * 60;
          expect(isOpen(cal, t)).toBe(open(t));
          let left = minutes;
          while (left > 0) {
            if (open(t)) left--;
            t += 60;
          }
          expect(iso(dueAt(cal, startMinute * 60, minutes * 60))).toBe(iso(t));
        },
      ),
      { numRuns: 60 },
    );
  });
});

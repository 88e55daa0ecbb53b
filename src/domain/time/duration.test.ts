import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToDate,
  daysBetween,
  duration,
  fixedSeconds,
  formatDuration,
  isCalendarDate,
  parseDuration,
} from './duration.ts';

describe('parseDuration', () => {
  it('reads the durations the terms use', () => {
    expect(duration('P2Y')).toMatchObject({ years: 2, months: 0, days: 0 });
    expect(duration('P18M')).toMatchObject({ months: 18 });
    expect(duration('P30D')).toMatchObject({ days: 30 });
    expect(duration('PT4H')).toMatchObject({ hours: 4, days: 0 });
    expect(duration('P1DT12H30M')).toMatchObject({ days: 1, hours: 12, minutes: 30 });
    expect(duration('P2W')).toMatchObject({ weeks: 2 });
    expect(duration('PT0S')).toMatchObject({ seconds: 0 });
  });

  it('refuses what is not a duration, saying so', () => {
    for (const bad of ['', 'P', 'PT', '2Y', 'P2', 'P1YT', 'PT4', 'P-1D', 'p2y', 'P1.5Y', 'PT4H ']) {
      const parsed = parseDuration(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain('ISO 8601');
    }
  });

  it('round-trips through formatDuration', () => {
    for (const text of ['P2Y', 'P18M', 'P1Y6M', 'P30D', 'PT4H', 'P1DT12H30M', 'P2W', 'PT0S', 'PT90S']) {
      expect(formatDuration(duration(text))).toBe(text);
    }
  });

  it('counts the exact-time part in seconds', () => {
    expect(fixedSeconds(duration('PT4H'))).toBe(14_400);
    expect(fixedSeconds(duration('P1DT1M'))).toBe(86_460);
  });
});

describe('addToDate', () => {
  it('does calendar arithmetic for months and years, clamping to the month’s end', () => {
    expect(addToDate('2025-09-05', duration('P18M'))).toBe('2027-03-05');
    expect(addToDate('2025-09-05', duration('P5Y'))).toBe('2030-09-05');
    expect(addToDate('2025-01-31', duration('P1M'))).toBe('2025-02-28');
    expect(addToDate('2024-02-29', duration('P1Y'))).toBe('2025-02-28');
    expect(addToDate('2025-10-20', duration('P60D'))).toBe('2025-12-19');
    expect(addToDate('2025-12-31', duration('P1D'))).toBe('2026-01-01');
  });

  it('never moves backwards, and months add up like months (property)', () => {
    const dates = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.nat(240), fc.nat(400), (date, months, days) => {
        const later = addToDate(date, { years: 0, months, weeks: 0, days, hours: 0, minutes: 0, seconds: 0 });
        expect(isCalendarDate(later)).toBe(true);
        expect(daysBetween(date, later)).toBeGreaterThanOrEqual(days);
        // Adding 12 months is adding one year.
        expect(addToDate(date, duration('P12M'))).toBe(addToDate(date, duration('P1Y')));
      }),
    );
  });
});

describe('calendar dates', () => {
  it('knows real dates from impossible ones', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });
});

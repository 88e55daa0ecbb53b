import { describe, expect, it } from 'vitest';
import { CompiledCalendar } from './compiled.ts';
import { OfficialScheduleNotCovered } from './official.ts';
import { officialYearDays, validateOfficialYear } from './official-year.ts';
import type { CalendarSpec } from './types.ts';

const NINE_TO_SIX = [
  { start: 9 * 3600, end: 12 * 3600 },
  { start: 13 * 3600, end: 18 * 3600 },
];
const CN_OFFICE: CalendarSpec = {
  id: 'cn',
  name: 'CN office',
  timezone: 'Asia/Shanghai',
  week: {
    mon: NINE_TO_SIX,
    tue: NINE_TO_SIX,
    wed: NINE_TO_SIX,
    thu: NINE_TO_SIX,
    fri: NINE_TO_SIX,
    sat: [],
    sun: [],
  },
  official: 'CN',
  daysOff: [],
  dates: {},
};

// Made-up dates in the shape of a notice (not real data).
const year = {
  official: 'CN',
  year: 2027,
  source: 'TEST 国务院办公厅关于2027年部分节假日安排的通知',
  published: '2026-11-20',
  holidays: [
    { name: "New Year's Day", name_zh: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: 'Spring Festival', name_zh: '春节', from: '2027-02-05', to: '2027-02-13' },
  ],
  makeup_workdays: [{ date: '2027-02-20', for: 'Spring Festival' }],
};

describe('a year of official holidays as data', () => {
  it('is checked field by field', () => {
    const bad = validateOfficialYear({
      ...year,
      official: 'DE',
      published: '2028-01-01',
      holidays: [...year.holidays, { name: 'Extra', name_zh: '加', from: '2027-01-02' }],
      makeup_workdays: [
        { date: '2027-02-17', for: 'Spring Festival' },
        { date: '2027-02-06', for: 'Spring Festival' },
        { date: '2027-02-27', for: 'Moon Day' },
      ],
      extra: 1,
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.path.join('.'), p.kind])).toEqual([
      ['extra', 'unknown_key'],
      ['official', 'value'],
      ['published', 'value'],
      ['holidays.2.from', 'value'],
      ['makeup_workdays.0.date', 'value'],
      ['makeup_workdays.1.date', 'value'],
      ['makeup_workdays.2.for', 'value'],
    ]);
  });

  it('is handed to the calendar compilation: the year is counted, with its holidays and makeup days', () => {
    const checked = validateOfficialYear(year);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const without = new CompiledCalendar(CN_OFFICE);
    expect(() => without.plan('2027-01-01')).toThrow(OfficialScheduleNotCovered);
    const cal = new CompiledCalendar(CN_OFFICE, [officialYearDays(checked.spec)]);
    expect(cal.plan('2027-01-01')).toMatchObject({ kind: 'holiday', name: "New Year's Day", nameZh: '元旦' });
    expect(cal.plan('2027-02-20')).toMatchObject({ kind: 'makeup', nameZh: '春节', windows: NINE_TO_SIX });
    expect(cal.plan('2027-03-01')).toMatchObject({ kind: 'regular' });
    // The years before still come from the built-in data.
    expect(cal.plan('2026-10-01')).toMatchObject({ kind: 'holiday' });
    expect(() => cal.plan('2028-01-03')).toThrow(OfficialScheduleNotCovered);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { formatCalendarProblem, parseCalendar, parseCalendarOrThrow } from './parse-calendar.ts';

const EXAMPLES = path.join(import.meta.dirname, '../../../examples/calendars');

function problems(text: string, name = 'cal.yaml'): string[] {
  const parsed = parseCalendar({ name, text });
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems.map(formatCalendarProblem);
}

const GOOD = `id: t
timezone: Asia/Shanghai
week:
  mon: ["09:00-12:00", "13:00-18:00"]
`;

describe('parseCalendar', () => {
  it('reads every example calendar', () => {
    for (const file of fs.readdirSync(EXAMPLES)) {
      const parsed = parseCalendar({ name: file, text: fs.readFileSync(path.join(EXAMPLES, file), 'utf8') });
      expect(parsed.ok, file).toBe(true);
    }
    const cn = parseCalendarOrThrow({
      name: 'cn-business.yaml',
      text: fs.readFileSync(path.join(EXAMPLES, 'cn-business.yaml'), 'utf8'),
    }).spec;
    expect(cn).toMatchObject({
      id: 'cn-business',
      timezone: 'Asia/Shanghai',
      official: 'CN',
      daysOff: ['2026-12-31'],
      dates: { '2026-12-24': [{ start: 9 * 3600, end: 12 * 3600 }] },
    });
    expect(cn.week.mon).toEqual([
      { start: 9 * 3600, end: 12 * 3600 },
      { start: 13 * 3600, end: 18 * 3600 },
    ]);
  });

  it('reads JSON the same way', () => {
    const parsed = parseCalendar({
      name: 'c.json',
      text: '{"id": "j", "timezone": "UTC", "week": {"mon": ["00:00-24:00"]}, "official": "DE-BE"}',
    });
    expect(parsed.ok).toBe(true);
    expect(problems('{"id": "j", "timezone": "UTC",\n "week": {"mon": ["25:00-26:00"]}}', 'c.json')).toEqual([
      'c.json:2:19 week.mon[0]: "25:00" is not a time from 00:00 to 23:59 in "25:00-26:00"',
    ]);
  });

  it('names file, line, column and key path for each problem', () => {
    const text = `id: t
timezone: Mars/Olympus
colour: red
week:
  mon: ["09:00-12:00", "11:00-18:00"]
  tue: ["12:00-09:00"]
  wed: ["25:00-26:00"]
  thu: "09:00-18:00"
  fri: [900]
  funday: []
official: XX
days_off: ["2026-02-30"]
dates:
  "2026-12-24": ["09:00-24:01"]
`;
    expect(problems(text)).toEqual([
      'cal.yaml:3:1 colour: unknown key; expected one of id, name, version, timezone, week, official, makeup_day, days_off, dates',
      'cal.yaml:2:11 timezone: "Mars/Olympus" is not an IANA time zone (e.g. Asia/Shanghai)',
      'cal.yaml:10:3 week.funday: unknown weekday; expected mon, tue, wed, thu, fri, sat, sun',
      'cal.yaml:5:24 week.mon[1]: "11:00-18:00" overlaps another window of the same day',
      'cal.yaml:6:9 week.tue[0]: "12:00-09:00" ends before it starts',
      'cal.yaml:7:9 week.wed[0]: "25:00" is not a time from 00:00 to 23:59 in "25:00-26:00"',
      'cal.yaml:8:8 week.thu: must be a list of windows "HH:MM-HH:MM" ([] for closed)',
      'cal.yaml:9:9 week.fri[0]: must be a window "HH:MM-HH:MM"',
      'cal.yaml:11:11 official: unknown official schedule "XX"; use CN, or a country code (DE, US, GB, FR, JP, ...) optionally with a region (DE-BE)',
      'cal.yaml:12:12 days_off[0]: must be a date YYYY-MM-DD',
      'cal.yaml:14:18 dates.2026-12-24[0]: "24:01" is not a time from 00:01 to 24:00 in "09:00-24:01"',
    ]);
  });

  it('reports missing keys and YAML syntax errors with their place', () => {
    expect(problems('name: x\n')).toEqual([
      'cal.yaml:1:1 id: a calendar needs an `id`',
      'cal.yaml:1:1 timezone: a calendar needs a `timezone` (IANA, e.g. Asia/Shanghai)',
      'cal.yaml:1:1 week: a calendar needs a `week` (mon..sun)',
    ]);
    expect(problems(`${GOOD}  tue: [09:00-12:00\n`)[0]).toMatch(/^cal\.yaml:\d+:\d+ \(syntax\): /);
    expect(problems(`${GOOD}id: again\n`)[0]).toMatch(/^cal\.yaml:5:1 \(syntax\): /);
  });

  it('throws an invalid_input AppError from parseCalendarOrThrow', () => {
    try {
      parseCalendarOrThrow({ name: 'x.yaml', text: 'id: x\ntimezone: UTC\nweek: {mon: ["9-5"]}\n' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_input');
      expect((e as AppError).fields[0]?.path).toBe('x.yaml:3:14 week.mon[0]');
    }
  });
});

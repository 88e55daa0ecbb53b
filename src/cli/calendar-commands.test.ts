import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './main.ts';

const CN = path.join(import.meta.dirname, '../../examples/calendars/cn-business.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cal-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  const lines: string[] = [];
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(argv, (t) => lines.push(t));
    return { code, lines, stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('servicebook sla', () => {
  it('prints the deadline in UTC', async () => {
    const r = await run(
      'sla',
      'due',
      '--calendar',
      CN,
      '--start',
      '2026-02-13T16:00:00+08:00',
      '--duration',
      'PT16H',
    );
    expect(r).toMatchObject({ code: 0, lines: ['2026-02-24T08:00:00Z'] });
  });
  it('takes pauses', async () => {
    const r = await run(
      'sla',
      'due',
      '--calendar',
      CN,
      '--start',
      '2026-03-02T01:00:00Z',
      '--duration',
      'PT4H',
      '--pause',
      '2026-03-02T02:00:00Z/2026-03-02T03:00:00Z',
    );
    expect(r.lines).toEqual(['2026-03-02T07:00:00Z']);
  });
  it('prints business seconds', async () => {
    const r = await run(
      'sla',
      'elapsed',
      '--calendar',
      CN,
      '--from',
      '2026-03-02T01:00:00Z',
      '--to',
      '2026-03-03T01:00:00Z',
    );
    expect(r).toMatchObject({ code: 0, lines: ['28800'] });
  });
  it('exits 2 for a bad instant or duration, 1 for a year without official data', async () => {
    expect(
      (await run('sla', 'due', '--calendar', CN, '--start', '2026-03-02 09:00', '--duration', 'PT4H')).code,
    ).toBe(2);
    expect(
      (await run('sla', 'due', '--calendar', CN, '--start', '2026-03-02T01:00:00Z', '--duration', '4h')).code,
    ).toBe(2);
    expect((await run('sla', 'due', '--calendar', CN, '--start', '2026-03-02T01:00:00Z')).code).toBe(2);
    const late = await run(
      'sla',
      'due',
      '--calendar',
      CN,
      '--start',
      '2026-12-30T09:00:00Z',
      '--duration',
      'PT4H',
    );
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('CN does not cover 2027');
  });
  it('answers JSON lines in order, an error object for a bad line', async () => {
    const input = path.join(tmp, 'due.jsonl');
    fs.writeFileSync(
      input,
      [
        JSON.stringify({ calendar: CN, start: '2026-02-13T08:00:00Z', duration: 'PT16H' }),
        '{oops',
        JSON.stringify({
          calendar: CN,
          start: '2026-03-02T01:00:00Z',
          duration: 'PT4H',
          pauses: [['2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z']],
        }),
        JSON.stringify({ calendar: CN, start: '2026-03-02T01:00:00Z', duration: 'P1M' }),
        '',
      ].join('\n'),
    );
    const r = await run('sla', 'due', '--input', input);
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => JSON.parse(l))).toEqual([
      { due: '2026-02-24T08:00:00Z' },
      { line: 2, error: 'not valid JSON' },
      { due: '2026-03-02T07:00:00Z' },
      { line: 4, error: expect.stringContaining('no length in business time') },
    ]);
    const el = path.join(tmp, 'elapsed.jsonl');
    fs.writeFileSync(
      el,
      `${JSON.stringify({ calendar: CN, from: '2026-03-02T01:00:00Z', to: '2026-03-02T10:00:00Z', pauses: [['2026-03-02T02:00:00Z', '2026-03-02T03:00:00Z']] })}\n`,
    );
    expect((await run('sla', 'elapsed', '--input', el)).lines).toEqual(['{"elapsed":25200}']);
  });
});

describe('servicebook calendar show', () => {
  it('prints the windows day by day with holidays and makeup days named', async () => {
    const r = await run('calendar', 'show', CN, '--from', '2026-02-13', '--to', '2026-02-16');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      'cn-business: Mainland China business hours (Asia/Shanghai, official CN)',
      '2026-02-13 Fri  09:00-12:00 13:00-18:00',
      '2026-02-14 Sat  09:00-12:00 13:00-18:00   makeup day (调休): Spring Festival 春节',
      '2026-02-15 Sun  closed                    holiday: Spring Festival 春节',
      '2026-02-16 Mon  closed                    holiday: Spring Festival 春节',
    ]);
    const end = await run('calendar', 'show', CN, '--from', '2026-12-24', '--to', '2026-12-24');
    expect(end.lines[1]).toBe('2026-12-24 Thu  09:00-12:00               dates override');
  });
  it('marks a daylight-saving day whose open time differs from its windows', async () => {
    const file = path.join(tmp, 'berlin24.yaml');
    fs.writeFileSync(file, 'id: b\ntimezone: Europe/Berlin\nweek: {sun: ["00:00-24:00"]}\n');
    const r = await run('calendar', 'show', file, '--from', '2026-03-29', '--to', '2026-03-29');
    expect(r.lines[1]).toBe(
      '2026-03-29 Sun  00:00-24:00               23 h of open time (daylight saving change)',
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../src/cli/main.ts';
import { cliStorageForFile, run } from './support/cli.ts';
import { ENGINE } from './support/database.ts';

/** `servicebook calendar official load|list`, with the TEST FIXTURE (made-up 2027 dates). */
cliStorageForFile();
const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/TEST-FIXTURE-cn-holidays-2027.yaml');

afterEach(() => {
  vi.restoreAllMocks();
});

describe(`servicebook calendar official, on ${ENGINE}`, () => {
  it('refuses a bad file naming file, line and field (exit 1), loads the fixture, lists it', async () => {
    expect((await run('seed', '--demo')).code).toBe(EXIT_OK);
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'official-')), 'cn-2027.yaml');
    fs.writeFileSync(bad, fs.readFileSync(FIXTURE, 'utf8').replace('date: 2027-04-25', 'date: 2027-04-26'));
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    const refused = await run('calendar', 'official', 'load', bad);
    vi.restoreAllMocks();
    expect(refused.code).toBe(EXIT_FAILED);
    expect(stderr).toMatch(/cn-2027\.yaml:\d+:\d+ makeup_workdays\[1\]\.date: 2027-04-26 is a weekday/);
    expect((await run('calendar', 'official', 'list')).out).toEqual([
      'No official holiday year is loaded as data. / 尚未载入任何节假日安排。',
    ]);

    const loaded = await run('calendar', 'official', 'load', FIXTURE);
    expect(loaded.code).toBe(EXIT_OK);
    expect(loaded.out[0]).toMatch(
      /^Loaded the CN holidays of 2027 from "TEST FIXTURE .*" \(published 2026-11-20\): 7 holidays, 5 makeup working days; \d+ pending deadline\(s\) now computed\.$/,
    );
    expect(loaded.out[1]).toContain('已载入 2027 年法定节假日安排');
    const listed = await run('calendar', 'official', 'list');
    expect(listed.out[0]).toMatch(/^CN 2027 {2}published 2026-11-20 {2}TEST FIXTURE/);
    expect(listed.out).toContain("  2027-01-01 to 2027-01-03  New Year's Day 元旦");
    expect(listed.out).toContain('  2027-02-20  makeup working day (调休) for Spring Festival');
    const again = await run('calendar', 'official', 'load', FIXTURE);
    expect(again.out[0]).toBe(
      'The holidays of 2027 (CN) are loaded already from this text; nothing changed.',
    );
    fs.rmSync(path.dirname(bad), { recursive: true, force: true });
  }, 180_000);
});

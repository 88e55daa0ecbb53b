import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendar } from '../src/app/calendar-change/import-calendar.ts';
import { EXIT_OK, runCli } from '../src/cli/main.ts';
import { cliStorageForFile } from './support/cli.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** A 9-hour working day: `P10D` under a business clock on it is 90 hours, not the 80 of an 8-hour day. */
const LONG_DAYS = `id: long-days
name: Nine-hour days
timezone: Asia/Shanghai
week:
  mon: ["08:00-17:00"]
  tue: ["08:00-17:00"]
  wed: ["08:00-17:00"]
  thu: ["08:00-17:00"]
  fri: ["08:00-17:00"]
  sat: []
  sun: []
`;
const CUSTOMER = `id: long-days-warranty
kind: warranty
title: CH-900 warranty on nine-hour days
version: 1
effective_from: 2026-01-01
provider: acme
recipient: business-customers
scope: { products: [CH-900], territory: [CN-SH] }
service_levels:
  ref: "§4"
  calendar: long-days
  clock: business
  targets:
    critical: { resolution: PT72H }
`;
const PARTNER = `id: long-days-partner
kind: service_partner
title: FixIt on nine-hour days
version: 1
effective_from: 2026-01-01
provider: fixit-shanghai
recipient: acme
scope: { products: [CH-900], territory: [CN-SH] }
service_levels:
  ref: "§3"
  calendar: long-days
  clock: business
  targets:
    critical: { resolution: P10D }
`;
/** 10 nine-hour days (90 h) against 72 business hours promised. */
const SHORTFALL = 18 * 3600;

type Report = { findings: { code: string; details?: Record<string, unknown> }[] };
const shortfall = (report: Report) =>
  report.findings.find((f) => f.code === 'sla.partner_slower' && f.details?.customer === 'long-days-warranty')
    ?.details?.shortfall_seconds;

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(args, (t) => {
    out.push(t);
  });
  return { code, out: out.join('\n') };
}

// The CLI's own database, for `--tenant` (stored calendars).
cliStorageForFile();

let dir: string;
let server: DemoServer;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terms-days-'));
  fs.mkdirSync(path.join(dir, 'terms'));
  fs.mkdirSync(path.join(dir, 'calendars'));
  fs.writeFileSync(path.join(dir, 'terms', 'customer.yaml'), CUSTOMER);
  fs.writeFileSync(path.join(dir, 'terms', 'partner.yaml'), PARTNER);
  fs.writeFileSync(path.join(dir, 'calendars', 'long-days.yaml'), LONG_DAYS);
  server = await startDemoServer();
  await importCalendar(server.db.deps, server.tenantId, { name: 'long-days.yaml', text: LONG_DAYS });
  // A demo database and its seed take a while on a busy machine.
}, 180_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a business day in the terms check is the calendar’s working day, on the CLI as over HTTP', () => {
  it('HTTP counts the tenant’s calendar', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const reply = await counsel.post('/api/v1/terms/check', {
      files: [
        { name: 'customer.yaml', text: CUSTOMER },
        { name: 'partner.yaml', text: PARTNER },
      ],
    });
    expect(reply.statusCode).toBe(200);
    expect(shortfall(reply.json())).toBe(SHORTFALL);
  });

  it('the CLI counts a calendar file given with the terms, and the same figure comes out', async () => {
    const inSet = await cli(
      'terms',
      'check',
      path.join(dir, 'terms'),
      path.join(dir, 'calendars', 'long-days.yaml'),
      '--format',
      'json',
    );
    expect(inSet.code).toBe(EXIT_OK);
    expect(shortfall(JSON.parse(inSet.out))).toBe(SHORTFALL);
    const apart = await cli(
      'terms',
      'check',
      path.join(dir, 'terms'),
      '--calendars',
      path.join(dir, 'calendars'),
      '--format',
      'json',
    );
    expect(apart.code).toBe(EXIT_OK);
    expect(shortfall(JSON.parse(apart.out))).toBe(SHORTFALL);
  });

  it('the CLI counts the tenant’s stored calendars with --tenant', async () => {
    expect((await cli('seed', '--demo')).code).toBe(EXIT_OK);
    const calendar = path.join(dir, 'calendars', 'long-days.yaml');
    expect((await cli('calendar', 'import', calendar)).code).toBe(EXIT_OK);
    const stored = await cli(
      'terms',
      'check',
      path.join(dir, 'terms'),
      '--tenant',
      'acme',
      '--format',
      'json',
    );
    expect(stored.code).toBe(EXIT_OK);
    expect(shortfall(JSON.parse(stored.out))).toBe(SHORTFALL);
  }, 180_000);
});

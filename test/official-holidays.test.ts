import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendar } from '../src/app/calendar-change/import-calendar.ts';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { createTenant } from '../src/app/tenant/create-tenant.ts';
import { insertUser } from '../src/app/user/create-user.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

/**
 * China's holidays for a year the built-in data does not hold yet (2027 here, in December 2026),
 * loaded by the administrator from the State Council's notice as data. The file used is a TEST
 * FIXTURE with made-up dates, never real data.
 */
const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/TEST-FIXTURE-cn-holidays-2027.yaml');
const fixture = { name: 'TEST-FIXTURE-cn-holidays-2027.yaml', text: fs.readFileSync(FIXTURE, 'utf8') };
const URL = '/api/v1/calendars/official-years';

let now = new Date('2026-12-29T02:00:00Z'); // Tuesday 10:00 in Shanghai
let server: DemoServer;
let rivalTenantId: string;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  // A second tenant with the same calendar (official CN) and an admin of its own.
  const rival = await createTenant(server.db.deps, {
    slug: 'rival',
    name: 'Rival Appliances',
    homeParty: { key: 'rival', name: 'Rival Appliances Ltd.', roles: ['brand'] },
  });
  rivalTenantId = rival.tenantId;
  await insertUser(
    server.db.deps,
    { tenantId: rival.tenantId, userId: null, authenticatedBy: 'cli' },
    {
      email: 'admin@rival.example',
      name: 'Rival Admin',
      role: 'admin',
      party: 'rival',
      password: 'rival-password',
    },
  );
  const file = path.join(EXAMPLES_DIR, 'calendars/cn-business.yaml');
  await importCalendar(server.db.deps, rival.tenantId, { name: file, text: fs.readFileSync(file, 'utf8') });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

interface Clock {
  target: string;
  dueAt: string | null;
  deadlinePending: { year: number; notBefore: string } | null;
}

const yearsLoaded = async () =>
  (await server.db.deps.db.selectFrom('official_holiday_years').select(['tenant_id', 'year']).execute())
    .length;

describe(`loading a year of China's official holidays as data, on ${ENGINE}`, () => {
  let caseId: string;

  it('a case opened in late December 2026 has its 2027 deadlines pending', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips on start',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().id;
    const resolution = (opened.json().clocks as Clock[]).find((c) => c.target === 'resolution')!;
    expect(resolution).toMatchObject({ dueAt: null, deadlinePending: { year: 2027 } });
  });

  it('only the administrator may load one (403 for a manager or an agent), nothing stored', async () => {
    for (const email of ['manager@acme.example', 'agent@acme.example']) {
      const session = await Session.signIn(server.app, email);
      const refused = await session.post(URL, fixture);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'forbidden' });
    }
    const customer = await Session.signIn(server.app, 'zhang.wei@example.com').catch(() => undefined);
    if (customer) expect((await customer.get(URL)).statusCode).toBe(403);
    expect(await yearsLoaded()).toBe(0);
  });

  it('refuses a file with a problem, naming the field and its line; nothing stored', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const cases: Array<[string, string, RegExp]> = [
      // A makeup working day on a weekday.
      [
        fixture.text.replace('date: 2027-02-20', 'date: 2027-02-17'),
        'makeup_workdays[0].date',
        /Saturday or Sunday/,
      ],
      // A date both a holiday and a working day.
      [fixture.text.replace('date: 2027-10-09', 'date: 2027-10-03'), 'makeup_workdays[4].date', /both/],
      // A date outside the year.
      [fixture.text.replace('from: 2027-06-09', 'from: 2028-06-09'), 'holidays[4].from', /not in 2027/],
      // No source named.
      [fixture.text.replace(/^source: .*$/m, ''), 'source', /notice/],
      // A holiday without its Chinese name.
      [fixture.text.replace('name_zh: 元旦, ', ''), 'holidays[0].name_zh', /Chinese name/],
    ];
    for (const [text, field, message] of cases) {
      const response = await admin.post(URL, { name: 'cn-2027.yaml', text });
      expect(response.statusCode, field).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const body = response.json() as { code: string; errors?: Array<{ path: string; message: string }> };
      expect(body.code).toBe('invalid_input');
      const problem = JSON.stringify(body);
      expect(problem, field).toMatch(
        new RegExp(`cn-2027\\.yaml:\\d+:\\d+ ${field.replace(/[[\].]/g, '\\$&')}`),
      );
      expect(problem, field).toMatch(message);
    }
    expect(await yearsLoaded()).toBe(0);
  });

  it('loads the year: the pending deadlines of 2027 are computed and recorded at once, and on the record', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const loaded = await admin.post(URL, fixture);
    expect(loaded.statusCode).toBe(201);
    expect(loaded.json()).toMatchObject({
      official: 'CN',
      year: 2027,
      holidays: 7,
      makeupWorkdays: 5,
      created: true,
    });
    expect(loaded.json().deadlinesSettled).toBeGreaterThanOrEqual(2);

    // 10:00 on 29 December plus five 8-hour days: 7 h on the 29th, 8 h on the 30th, the 31st off in
    // this calendar, 1 to 3 January the New Year's holiday of the fixture, then 4, 5, 6 January and
    // the first hour of the 7th. Without the holiday it would be the 6th.
    const rows = await server.db.deps.db
      .selectFrom('case_clocks')
      .select(['target', 'due_at'])
      .where('case_id', '=', caseId)
      .execute();
    const resolution = rows.find((r) => r.target === 'resolution')!;
    expect(Number(resolution.due_at)).toBe(Date.parse('2027-01-07T02:00:00Z') / 1000);
    expect(rows.every((r) => r.due_at !== null)).toBe(true);

    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const page = await agent.get(`/api/v1/cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    const clock = (page.json().clocks as Clock[]).find((c) => c.target === 'resolution');
    expect(clock).toMatchObject({ dueAt: '2027-01-07T02:00:00.000Z', deadlinePending: null });

    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['payload', 'subject_id'])
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', 'calendar.official_year_loaded')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe('official/CN/2027');
    expect(JSON.parse(entry.payload)).toMatchObject({
      year: 2027,
      source: expect.stringContaining('TEST FIXTURE'),
      published: '2026-11-20',
    });
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);

    // The month view shows the holiday by name.
    const month = await admin.get('/api/v1/calendars/cn-business/month?month=2027-01');
    expect(month.statusCode).toBe(200);
    expect(JSON.stringify(month.json())).toContain('元旦');

    // The same file again changes nothing; other text for a loaded year is refused.
    const again = await admin.post(URL, fixture);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, deadlinesSettled: 0 });
    const changed = await admin.post(URL, {
      ...fixture,
      text: fixture.text.replace('published: 2026-11-20', 'published: 2026-11-21'),
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({ code: 'official_year_loaded' });
    expect(await yearsLoaded()).toBe(1);
  });

  it('the worker, once 2027 has begun, counts on it instead of waiting', async () => {
    now = new Date('2027-01-04T02:00:00Z');
    const pass = await processDueClocks(server.db.deps);
    expect(pass.notCovered).toBe(0);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect((await agent.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it('another tenant does not see it: its list is empty and its 2027 is still not covered', async () => {
    const rival = await Session.signIn(server.app, 'admin@rival.example', 'rival-password');
    const list = await rival.get(URL);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [] });
    const month = await rival.get('/api/v1/calendars/cn-business/month?month=2027-01');
    expect(month.statusCode).toBe(503);
    expect(month.json()).toMatchObject({ code: 'calendar_not_covered' });
    const rows = await server.db.deps.db
      .selectFrom('official_holiday_years')
      .select('tenant_id')
      .where('tenant_id', '=', rivalTenantId)
      .execute();
    expect(rows).toEqual([]);

    const acme = await Session.signIn(server.app, 'admin@acme.example');
    const mine = await acme.get(URL);
    expect(mine.json().items).toHaveLength(1);
    expect(mine.json().items[0]).toMatchObject({ official: 'CN', year: 2027, published: '2026-11-20' });
  });
});

import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCalendar } from '../src/app/calendar-change/import-calendar.ts';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

const now = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

describe('a calendar that changes under running clocks', () => {
  it('recomputes every open clock on it, records old and new deadlines, and leaves stopped clocks alone', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'Chiller down',
    });
    const caseId = opened.json().id;
    const onsite = opened.json().clocks.find((c: { target: string }) => c.target === 'onsite');
    expect(onsite.dueAt).toBe('2026-11-26T01:30:00.000Z'); // Thursday 09:30
    // The response is met before the change: it must not move.
    const replied = await agent.post(`/api/v1/cases/${caseId}/messages`, { body: '收到 / received' });
    const response = replied.json().clocks.find((c: { target: string }) => c.target === 'response');

    // The company closes on Tuesday 24 November after all.
    const original = await fs.readFile(path.join(EXAMPLES_DIR, 'calendars', 'cn-business.yaml'), 'utf8');
    const changed = original.replace('days_off: ["2026-12-31"]', 'days_off: ["2026-11-24", "2026-12-31"]');
    expect(changed).not.toBe(original);
    const imported = await importCalendar(server.db.deps, server.tenantId, {
      name: 'cn-business.yaml',
      text: changed,
    });
    expect(imported).toMatchObject({ key: 'cn-business', version: 2, created: true });

    const after = (await agent.get(`/api/v1/cases/${caseId}`)).json().clocks;
    const moved = after.find(
      (c: { target: string; side: string }) => c.target === 'onsite' && c.side === 'promise',
    );
    expect(moved).toMatchObject({
      dueAt: '2026-11-27T01:30:00.000Z',
      calendar: { key: 'cn-business', version: 2 },
    });
    const untouched = after.find(
      (c: { target: string; side: string }) => c.target === 'response' && c.side === 'promise',
    );
    expect(untouched).toMatchObject({ dueAt: response.dueAt, status: 'met', calendar: { version: 1 } });

    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'sla.recomputed')
      .execute();
    expect(rows.map((r) => JSON.parse(r.payload))).toContainEqual({
      reason: { calendar: 'cn-business', from: 1, to: 2 },
      side: 'promise',
      target: 'onsite',
      ref: '§4',
      oldDueAt: '2026-11-26T01:30:00.000Z',
      newDueAt: '2026-11-27T01:30:00.000Z',
    });
  });
});

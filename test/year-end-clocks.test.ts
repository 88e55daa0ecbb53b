import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { exportDossier } from '../src/app/dossier/export-dossier.ts';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { readZip } from './support/zip.ts';

// The State Council publishes next year's holidays in November or December; until they are loaded
// (chinese-days here holds years up to 2026), a deadline that falls in 2027 cannot be known.
let now = new Date('2026-12-29T02:00:00Z'); // Tuesday 10:00 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const NEW_YEAR = '2026-12-31T16:00:00.000Z'; // 2027-01-01 00:00 in Shanghai

interface Clock {
  target: string;
  dueAt: string | null;
  status: string;
  remainingSeconds: number;
  deadlinePending: { year: number; notBefore: string } | null;
}

describe(`clocks whose deadline falls in a year not loaded yet, on ${ENGINE}`, () => {
  let caseId: string;
  const clockRows = () =>
    server.db.deps.db
      .selectFrom('case_clocks')
      .select(['target', 'due_at', 'next_check_at'])
      .where('case_id', '=', caseId)
      .orderBy('target')
      .execute();

  it('opens the case at year end: deadlines in 2027 pending, not guessed, the rest as usual', async () => {
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
    const clocks = Object.fromEntries((opened.json().clocks as Clock[]).map((c) => [c.target, c]));
    // 4 business hours from 10:00 end today; 48 business hours and five business days reach 2027
    // (31 December is a day off in this calendar).
    expect(clocks.response).toMatchObject({ dueAt: '2026-12-29T07:00:00.000Z', deadlinePending: null });
    for (const target of ['onsite', 'resolution']) {
      expect(clocks[target]).toMatchObject({
        dueAt: null,
        status: 'running',
        deadlinePending: { year: 2027, notBefore: NEW_YEAR },
      });
    }
    expect(clocks.resolution!.remainingSeconds).toBe(5 * 8 * 3600);

    // The opening entry says so too.
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'case.opened')
      .executeTakeFirstOrThrow();
    const recorded = JSON.parse(entry.payload).clocks as Array<Record<string, unknown>>;
    expect(recorded.find((c) => c.target === 'resolution')).toMatchObject({
      dueAt: null,
      deadlinePending: { year: 2027, notBefore: NEW_YEAR },
    });

    // The case page and the queue answer (the queue sorts it after cases with known deadlines).
    const page = await agent.get(`/api/v1/cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    const queue = await agent.get('/api/v1/cases/queue');
    expect(queue.statusCode).toBe(200);
    expect(JSON.stringify(queue.json())).toContain(caseId);

    // The dossier's recomputed clocks say the same, and METHOD.md says why.
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'year-end-')), 'case.zip');
    await exportDossier(
      server.db.deps,
      server.tenantId,
      { type: 'case', number: opened.json().number },
      createWriteStream(file),
    );
    const files = await readZip(file);
    const sla = JSON.parse(files.get('sla/clocks.json')!.toString()) as Array<{
      target: string;
      recomputed: unknown;
    }>;
    expect(sla.find((c) => c.target === 'resolution')?.recomputed).toMatchObject({
      dueAt: null,
      deadlinePending: { year: 2027, notBefore: NEW_YEAR },
    });
    expect(files.get('sla/METHOD.md')!.toString()).toContain('deadlinePending');
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  });

  it('is looked at hourly by the worker until the year begins, with nothing recorded', async () => {
    const rows = await clockRows();
    for (const r of rows.filter((r) => r.due_at === null)) {
      expect(Number(r.next_check_at)).toBeLessThanOrEqual(Date.parse(now.toISOString()) / 1000 + 3600);
    }
    now = new Date('2026-12-29T03:00:01Z'); // an hour later: 11:00
    const pass = await processDueClocks(server.db.deps);
    expect(pass).toMatchObject({ breaches: 0, notCovered: 0 });
    expect(pass.claimed).toBeGreaterThanOrEqual(2);
    for (const r of (await clockRows()).filter((r) => r.due_at === null)) {
      expect(Number(r.next_check_at)).toBe(Date.parse('2026-12-29T04:00:01Z') / 1000);
    }
  });

  it('once 2027 has begun without its holidays: says so (503 calendar_not_covered), and the worker goes on', async () => {
    now = new Date('2027-01-04T02:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const page = await agent.get(`/api/v1/cases/${caseId}`);
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('application/problem+json');
    expect(page.json()).toMatchObject({ code: 'calendar_not_covered' });

    const pass = await processDueClocks(server.db.deps);
    expect(pass.notCovered).toBeGreaterThanOrEqual(2);
    const later = Date.parse('2027-01-04T03:00:00Z') / 1000;
    for (const r of (await clockRows()).filter((r) => r.due_at === null)) {
      expect(Number(r.next_check_at)).toBe(later);
    }
    // Nothing guessed went on the record.
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
    const guesses = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('entry_type')
      .where('subject_id', '=', caseId)
      .where('entry_type', 'in', ['sla.warning', 'sla.breached'])
      .execute();
    expect(guesses.filter((g) => g.entry_type === 'sla.breached')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { runTwoWorkers } from './support/workers.ts';

let now = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const entries = async (type: string, caseId?: string) => {
  let q = server.db.deps.db
    .selectFrom('timeline_entries')
    .select(['material', 'payload'])
    .where('entry_type', '=', type);
  if (caseId) q = q.where('subject_id', '=', caseId);
  return (await q.orderBy('seq').execute()).map((r) => ({
    ...JSON.parse(r.material),
    payload: JSON.parse(r.payload),
  }));
};

/** Critical inquiries on `count` CH-900 units, the first or the last by serial: their ids. */
async function openInquiries(count: number, from: 'asc' | 'desc'): Promise<string[]> {
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const serials = (
    await server.db.deps.db
      .selectFrom('units')
      .select('serial')
      .where('serial', 'like', 'CH9-%')
      .orderBy('serial', from)
      .limit(count)
      .execute()
  ).map((u) => u.serial);
  const ids: string[] = [];
  for (const serial of serials) {
    const opened = await agent.post('/api/v1/cases', {
      kind: 'inquiry',
      severity: 'critical',
      serial,
      description: 'status?',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    ids.push(opened.json().id);
  }
  return ids;
}

describe(`the clock worker on ${ENGINE}`, () => {
  let caseId: string;

  it('warns at 75% of a target, records the breach at the deadline once, and escalates as the terms say', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'No cooling in the operating theatres',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });

    // 11:00: 1.5 of the 2 business hours for the response have passed: 75%.
    now = new Date('2026-11-23T03:00:00Z');
    expect(await processDueClocks(server.db.deps)).toMatchObject({ warnings: 1, breaches: 0 });
    expect((await entries('sla.warning', caseId)).map((e) => e.payload.target)).toEqual(['response']);

    // Thursday 09:30 and one second: the 24-hour onsite promise has passed; nobody answered either.
    now = new Date('2026-11-26T01:30:01Z');
    const pass = await processDueClocks(server.db.deps);
    expect(pass.breaches).toBeGreaterThanOrEqual(2);
    const breached = (await entries('sla.breached', caseId)).map(
      (e) => `${e.payload.side}:${e.payload.target}`,
    );
    expect(breached).toContain('promise:onsite');
    expect(breached).toContain('promise:response');
    // Running again finds nothing new.
    expect(await processDueClocks(server.db.deps)).toMatchObject({ breaches: 0, warnings: 0 });
    expect((await entries('sla.breached', caseId)).length).toBe(breached.length);

    const escalated = await entries('case.escalated', caseId);
    expect(escalated.map((e) => [e.payload.level, e.payload.trigger])).toContainEqual([
      'supervisor',
      { breached: 'onsite' },
    ]);
    const outbox = await server.db.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'escalation_raised')
      .execute();
    expect(
      outbox.some((o) => o.subject_en.includes('escalated to supervisor') && o.subject_zh.includes('主管')),
    ).toBe(true);
  });

  it('puts the escalation on the board, where acknowledging and resolving are recorded', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const board = (await manager.get('/api/v1/escalations')).json().items;
    const onsite = board.find(
      (e: { caseId: string; trigger: { breached?: string } }) =>
        e.caseId === caseId && e.trigger.breached === 'onsite',
    );
    expect(onsite).toMatchObject({
      level: 'supervisor',
      state: 'open',
      agreement: { id: 'acme-chiller-b2b-cn' },
      ref: '§7',
    });
    expect((await manager.post(`/api/v1/escalations/${onsite.id}/acknowledge`, {})).json().state).toBe(
      'acknowledged',
    );
    const resolved = await manager.post(`/api/v1/escalations/${onsite.id}/resolve`, {
      resolution: 'Second technician sent; on site 14:00.',
    });
    expect(resolved.json()).toMatchObject({
      state: 'resolved',
      resolution: 'Second technician sent; on site 14:00.',
    });
    expect((await entries('escalation.resolved', caseId)).length).toBe(1);
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await partner.get('/api/v1/escalations')).statusCode).toBe(403);
  });

  it('escalates a safety issue at once with its act-within, and a threat to legal', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'complaint',
      severity: 'high',
      serial: 'PA3-2026-118842',
      description: '机器冒烟，客户说要找媒体。The unit smoked; the customer says he will go to the press.',
      safetyIssue: true,
      threats: ['media'],
    });
    expect(opened.statusCode).toBe(201);
    const escalated = await entries('case.escalated', opened.json().id);
    expect(escalated.map((e) => [e.payload.level, e.payload.trigger])).toEqual([
      ['management', { safety_issue: true }],
      ['legal', { customer_threatens: ['media'] }],
    ]);
    expect(escalated[0].payload.actBy).toBe(new Date(now.getTime() + 3600_000).toISOString());
    // The messages name the case by the number the opening took, once per escalation.
    const { number, id } = opened.json();
    const messages = (
      await server.db.deps.db
        .selectFrom('outbox')
        .select(['subject_en', 'subject_zh', 'payload', 'recipient_role'])
        .where('kind', '=', 'escalation_raised')
        .execute()
    )
      .filter((m) => (m.payload as { caseId: string }).caseId === id)
      .sort((a, b) => a.recipient_role!.localeCompare(b.recipient_role!));
    expect(messages.map((m) => [m.recipient_role, m.subject_en, m.subject_zh])).toEqual([
      [
        'legal',
        `Case ${number} escalated to legal (Customer threatens going to the media)`,
        `服务单 ${number} 已升级至法务（客户声称将向媒体曝光）`,
      ],
      [
        'management',
        `Case ${number} escalated to management (Safety issue)`,
        `服务单 ${number} 已升级至管理层（存在安全问题）`,
      ],
    ]);
    expect(messages.map((m) => (m.payload as { escalationId: string }).escalationId).sort()).toEqual(
      escalated.map((e) => e.payload.escalationId).sort(),
    );
  });

  it('escalates a unit’s second failure within 30 days, once the first was diagnosed', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    // A failure counts once a diagnosis confirms it, not when it is reported.
    const diagnosed = await agent.post(`/api/v1/cases/${caseId}/diagnosis`, {
      partCategory: 'compressor',
      cause: 'manufacturing_defect',
    });
    expect(diagnosed.statusCode).toBe(200);
    const again = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'Compressor again',
    });
    const escalated = await entries('case.escalated', again.json().id);
    expect(escalated.map((e) => e.payload.trigger)).toContainEqual({ repeat_failures: 2, within: 'P30D' });
  });

  it('with two workers at once, records each breach exactly once', async () => {
    now = new Date('2026-11-30T01:30:00Z');
    const ids = await openInquiries(12, 'asc');
    const clocks = await server.db.deps.db
      .selectFrom('case_clocks')
      .select('clock_id')
      .where('case_id', 'in', ids)
      .where('target', '=', 'response')
      .execute();
    expect(clocks.length).toBe(ids.length);
    now = new Date('2026-12-18T01:30:00Z'); // every clock of these cases is past due, the 72-hour resolution too
    const runs = await runTwoWorkers(server, 5);
    expect(runs.reduce((n, r) => n + r.claimed, 0)).toBeGreaterThan(0);
    const breaches = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['subject_id', 'payload'])
      .where('entry_type', '=', 'sla.breached')
      .where('subject_id', 'in', ids)
      .execute();
    const keys = breaches.map((b) => `${b.subject_id}:${JSON.parse(b.payload).target}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = await server.db.deps.db
      .selectFrom('case_clocks')
      .select('clock_id')
      .where('case_id', 'in', ids)
      .execute();
    expect(keys.length).toBe(expected.length);
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });

  it('lets one clock that cannot be processed fail alone: undone, tried again in an hour, the others recorded', async () => {
    now = new Date('2026-12-21T01:30:00Z'); // Monday 09:30 in Shanghai
    const ids = await openInquiries(2, 'desc');
    // The first case's response clock names a calendar version nobody stored, and comes first.
    const poisoned = await server.db.deps.db
      .updateTable('case_clocks')
      .set({ calendar_version: 999, next_check_at: 0 })
      .where('case_id', '=', ids[0]!)
      .where('target', '=', 'response')
      .returning('clock_id')
      .executeTakeFirstOrThrow();

    now = new Date('2026-12-22T01:30:00Z'); // a day later: both 2-hour responses are long overdue
    const pass = await processDueClocks(server.db.deps);
    expect(pass.failed).toEqual([
      expect.objectContaining({
        clock: poisoned.clock_id,
        case: ids[0],
        error: expect.stringContaining('not stored'),
      }),
    ]);
    const breached = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['subject_id', 'payload'])
      .where('entry_type', '=', 'sla.breached')
      .where('subject_id', 'in', ids)
      .execute();
    const responses = breached
      .filter((b) => JSON.parse(b.payload).target === 'response')
      .map((b) => b.subject_id);
    expect(responses).toEqual([ids[1]]);
    const row = await server.db.deps.db
      .selectFrom('case_clocks')
      .select(['next_check_at', 'warned_at', 'breach_recorded_at'])
      .where('clock_id', '=', poisoned.clock_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      next_check_at: Date.parse('2026-12-22T02:30:00Z') / 1000,
      warned_at: null,
      breach_recorded_at: null,
    });
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });
});

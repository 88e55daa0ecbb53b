import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** The clock the server reads; tests move it forward. Monday 2026-11-23 09:30 in Shanghai. */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

interface Clock {
  side: string;
  target: string;
  dueAt: string | null;
  status: string;
  owedBy: string;
  ref: string | null;
  remainingSeconds: number;
}
const clock = (clocks: Clock[], side: string, target: string) =>
  clocks.find((c) => c.side === side && c.target === target)!;

describe('a CH-900 compressor failure in a Shanghai hospital', () => {
  let caseId: string;

  it('opens covered, citing the compressor clause, with the promised clocks on business hours', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'Compressor trips on start; chilled water at 14 °C. 压缩机启动跳闸。',
      channel: 'phone',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode).toBe(201);
    const body = opened.json();
    caseId = body.id;
    expect(body).toMatchObject({
      number: 'C-000001',
      state: 'new',
      customer: { key: 'ruijin-hospital' },
      unit: { serial: 'CH9-2025-00417' },
    });
    expect(body.decision).toMatchObject({ covered: true, remedy: 'repair', cites: ['§2.3'] });
    expect(body.decision.costs).toMatchObject({ parts: 'acme', labor: 'acme' });

    const clocks = body.clocks as Clock[];
    expect(
      clocks
        .filter((c) => c.side === 'promise')
        .map((c) => c.target)
        .sort(),
    ).toEqual(['onsite', 'resolution', 'response']);
    // 2 business hours from Monday 09:30 is 11:30; 24 business hours (three 8-hour days) is Thursday 09:30.
    expect(clock(clocks, 'promise', 'response')).toMatchObject({
      dueAt: '2026-11-23T03:30:00.000Z',
      status: 'running',
      ref: '§4',
      owedBy: 'acme',
    });
    expect(clock(clocks, 'promise', 'onsite').dueAt).toBe('2026-11-26T01:30:00.000Z');
  });

  it('is the customer’s to see, and nobody else’s', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await ruijin.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    expect((await zhang.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await pearl.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await zhang.get('/api/v1/cases/queue')).json().items).toEqual([]);
  });

  it('shows FixIt Shanghai’s commitment beside the promise once FixIt is assigned', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    now = new Date('2026-11-23T02:00:00Z'); // 10:00 local
    const assigned = await agent.post(`/api/v1/cases/${caseId}/assignment`, {
      servicePartner: 'fixit-shanghai',
    });
    expect(assigned.statusCode).toBe(200);
    const clocks = assigned.json().clocks as Clock[];
    const commitment = clock(clocks, 'commitment', 'onsite');
    expect(commitment).toMatchObject({ owedBy: 'fixit-shanghai', ref: '§3' });
    // FixIt owes on-site within 48 business hours of assignment: later than the 24 promised to the customer.
    expect(Date.parse(commitment.dueAt!)).toBeGreaterThan(
      Date.parse(clock(clocks, 'promise', 'onsite').dueAt!),
    );
    expect(assigned.json().servicePartner.key).toBe('fixit-shanghai');

    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it('is first in the agent’s queue, and the first public reply meets the response clocks', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const queue = (await agent.get('/api/v1/cases/queue')).json();
    expect(queue.items[0]).toMatchObject({
      id: caseId,
      nextTarget: 'response',
      nextDueAt: '2026-11-23T03:30:00.000Z',
      breached: false,
    });

    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    now = new Date('2026-11-23T02:30:00Z');
    const replied = await fixit.post(`/api/v1/cases/${caseId}/messages`, {
      body: '技术员明天上午到场。A technician will be on site tomorrow morning.',
    });
    expect(replied.statusCode).toBe(200);
    const clocks = replied.json().clocks as Clock[];
    expect(clock(clocks, 'commitment', 'response').status).toBe('met');
    expect(clock(clocks, 'promise', 'response').status).toBe('met');
    expect(replied.json().state).toBe('in_progress');
  });

  it('pauses while waiting on the customer and resumes after, moving the deadline by the paused business time', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const before = clock((await agent.get(`/api/v1/cases/${caseId}`)).json().clocks, 'promise', 'onsite');
    now = new Date('2026-11-23T03:00:00Z'); // 11:00
    const waiting = await agent.post(`/api/v1/cases/${caseId}/state`, {
      state: 'waiting_on_customer',
      reason: 'plant room key',
    });
    expect(clock(waiting.json().clocks, 'promise', 'onsite').status).toBe('paused');
    now = new Date('2026-11-23T06:00:00Z'); // 14:00: three wall hours, two business hours (lunch)
    const resumed = await agent.post(`/api/v1/cases/${caseId}/state`, { state: 'in_progress' });
    const after = clock(resumed.json().clocks, 'promise', 'onsite');
    expect(after.status).toBe('running');
    expect(Date.parse(after.dueAt!) - Date.parse(before.dueAt!)).toBe(2 * 3600 * 1000);
  });

  it('moves the deadlines when the severity drops, recording old and new', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const before = clock((await agent.get(`/api/v1/cases/${caseId}`)).json().clocks, 'promise', 'resolution');
    const lowered = await agent.post(`/api/v1/cases/${caseId}/severity`, {
      severity: 'normal',
      reason: 'one of two chillers runs',
    });
    expect(lowered.statusCode).toBe(200);
    const after = clock(lowered.json().clocks, 'promise', 'resolution');
    expect(after.dueAt).not.toBe(before.dueAt);
    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'case.severity_changed')
      .execute();
    const payload = JSON.parse(rows[0]!.payload);
    expect(payload).toMatchObject({ from: 'critical', to: 'normal' });
    expect(payload.clocks).toContainEqual({
      side: 'promise',
      target: 'resolution',
      from: 'PT72H',
      to: 'P10D',
      oldDueAt: before.dueAt,
      newDueAt: after.dueAt,
    });
  });

  it('decides again on a diagnosis, by the terms in force when the failure was reported', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const diagnosed = await fixit.post(`/api/v1/cases/${caseId}/diagnosis`, {
      partCategory: 'compressor',
      cause: 'power_quality',
    });
    expect(diagnosed.statusCode).toBe(200);
    expect(diagnosed.json().decision).toMatchObject({ covered: false, cites: ['§3.4'] });
    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'case.redecided')
      .execute();
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({
      before: { covered: true, cites: ['§2.3'] },
      after: { covered: false, cites: ['§3.4'] },
    });
  });

  it('refuses a move the case cannot make, and counsel may not act', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const refused = await agent.post(`/api/v1/cases/${caseId}/state`, { state: 'new' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'invalid_transition', errors: [{ path: '/body/state' }] });
    expect((await counsel.post(`/api/v1/cases/${caseId}/messages`, { body: 'x' })).statusCode).toBe(403);
  });

  it('keeps every step on the evidence record, which verifies', async () => {
    const rows = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['entry_type'])
      .where('subject_id', '=', caseId)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.entry_type)).toEqual([
      'case.opened',
      'case.assigned',
      'case.reply_sent',
      // The first reply moved it from new to in progress: the move has its own entry.
      'case.state_changed',
      'case.state_changed',
      'case.state_changed',
      'case.severity_changed',
      'case.redecided',
    ]);
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });
});

describe('opening cases', () => {
  it('decides an overdue account as suspended and a consumable as not covered, still starting the promised clocks', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    // The day of the example claim: its maintenance was still in order then (its next one fell due in October).
    now = new Date('2026-09-07T00:15:00Z');
    const overdue = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2025-00981',
      description: 'Control board dead',
      failure: { partCategory: 'control_board', cause: 'manufacturing_defect' },
      account: { paymentOverdueDays: 45 },
    });
    expect(overdue.json().decision).toMatchObject({ covered: false, suspended: true, cites: ['§2.5'] });
    expect(overdue.json().clocks.length).toBeGreaterThan(0);
  });

  it('lets a customer open a case for its own unit only', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const own = await zhang.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'PA3-2026-118842',
      description: '滤网需要更换',
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().customer.key).toBe('consumer-zhang-wei');
    const foreign = await zhang.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'x',
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('opens the case when a deadline needs official holidays not loaded yet, with that deadline pending', async () => {
    now = new Date('2026-12-28T01:30:00Z'); // a 10-business-day resolution would end in January 2027
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const response = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'x',
    });
    expect(response.statusCode).toBe(201);
    const resolution = response.json().clocks.find((c: { target: string }) => c.target === 'resolution');
    expect(resolution).toMatchObject({ dueAt: null, deadlinePending: { year: 2027 } });
    // More in test/year-end-clocks.test.ts.
  });

  it('asks for a serial on anything but an inquiry', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const response = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      customer: 'ruijin-hospital',
      description: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { path: '/body/serial', message: "a repair case needs the unit's serial" },
    ]);
  });
});

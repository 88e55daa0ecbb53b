import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { processDueDeadlines } from '../src/app/deadlines/process-due-deadlines.ts';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import * as m0008 from '../src/store/migrations/0008_deadline_clocks.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { runTwoWorkers } from './support/workers.ts';

/**
 * The deadlines of returns (PureAir §6: decide within P2D) and of defective parts owed back
 * (FixIt §6: within P30D) are clocks the worker watches, as a case's SLA clocks are.
 * Zhang Wei's PureAir 300 was delivered on 2026-03-16.
 */
let now = new Date('2026-03-21T02:00:00Z'); // day 5 after delivery, 10:00 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const KEPT = { original_packaging: true, proof_of_purchase: true };

let twins = 0;
/**
 * A PureAir like Zhang Wei's (same product, owner and dates) under a new serial: a unit has one
 * return in progress at a time, and these tests need several at once.
 */
async function pureAirTwin(): Promise<string> {
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const serial = `PA3-2026-9${String(++twins).padStart(5, '0')}`;
  const created = await agent.post('/api/v1/units', {
    serial,
    product: 'PA-300',
    owner: 'consumer-zhang-wei',
    territory: 'CN-ZJ',
    soldOn: '2026-03-14',
    deliveredOn: '2026-03-16',
  });
  expect(created.statusCode, created.body).toBe(201);
  return serial;
}

const entries = async (type: string, caseId: string) =>
  (
    await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['payload'])
      .where('entry_type', '=', type)
      .where('subject_id', '=', caseId)
      .orderBy('seq')
      .execute()
  ).map((r) => JSON.parse(r.payload));

const messages = async (subjectId: string) =>
  (
    await server.db.deps.db
      .selectFrom('outbox')
      .select(['kind', 'recipient_party_id', 'recipient_role', 'subject_en', 'subject_zh', 'payload'])
      .where('kind', 'like', 'deadline_%')
      .orderBy('created_at')
      .execute()
  ).filter((m) => (m.payload as { subjectId: string }).subjectId === subjectId);

const partyId = async (key: string) =>
  (
    await server.db.deps.db
      .selectFrom('parties')
      .select('party_id')
      .where('key', '=', key)
      .executeTakeFirstOrThrow()
  ).party_id;

const tick = () => processDueClocks(server.db.deps);

describe(`deadline clocks of returns and defective parts on ${ENGINE}`, () => {
  let late: { id: string; caseId: string; number: string };
  let early: { id: string; caseId: string };

  it('a return request starts its approval clock: due in P2D, warning at 75%', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const requested = await zhang.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: KEPT,
    });
    expect(requested.statusCode, requested.body).toBe(201);
    late = { id: requested.json().id, caseId: requested.json().caseId, number: requested.json().number };
    expect(requested.json().approvalClock).toEqual({
      status: 'running',
      startedAt: '2026-03-21T02:00:00.000Z',
      warnAt: '2026-03-22T14:00:00.000Z', // 36 of the 48 hours
      dueAt: '2026-03-23T02:00:00.000Z',
      warnedAt: null,
      breachedAt: null,
      stoppedAt: null,
      stoppedBy: null,
      late: null,
      ref: '§6',
    });

    now = new Date('2026-03-21T03:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const second = await agent.post('/api/v1/returns', {
      serial: await pureAirTwin(),
      reason: 'no_reason',
      conditions: KEPT,
    });
    expect(second.statusCode, second.body).toBe(201);
    early = { id: second.json().id, caseId: second.json().caseId };
  });

  it('deciding before the deadline stops the clock: a stop recorded, no warning or breach afterwards', async () => {
    now = new Date('2026-03-21T04:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const decided = await agent.post(`/api/v1/returns/${early.id}/decision`, {});
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().approvalClock).toMatchObject({
      status: 'stopped',
      stoppedAt: '2026-03-21T04:00:00.000Z',
      stoppedBy: 'approved',
      late: false,
    });
    expect(await entries('deadline.stopped', early.caseId)).toEqual([
      expect.objectContaining({
        deadline: 'return_approval',
        subjectId: early.id,
        ref: '§6',
        agreement: 'acme-pureair-consumer-cn',
        stoppedBy: 'approved',
        late: false,
      }),
    ]);
    now = new Date('2026-03-25T02:00:00Z');
    await tick();
    expect(await entries('deadline.warning', early.caseId)).toEqual([]);
    expect(await entries('deadline.breached', early.caseId)).toEqual([]);
    expect(await messages(early.id)).toEqual([]);
  });

  it('an undecided return is warned at 75%, then breached once past its deadline, each with a message to the brand', async () => {
    // The worker already passed 2026-03-25 above: both marks came in one pass, warning first.
    const warnings = await entries('deadline.warning', late.caseId);
    const breaches = await entries('deadline.breached', late.caseId);
    expect(warnings).toEqual([
      expect.objectContaining({
        deadline: 'return_approval',
        label: late.number,
        dueAt: '2026-03-23T02:00:00.000Z',
        ref: '§6',
        agreement: 'acme-pureair-consumer-cn',
      }),
    ]);
    expect(breaches).toEqual([
      expect.objectContaining({ deadline: 'return_approval', ref: '§6', overdueSeconds: 2 * 86_400 }),
    ]);
    const acme = await partyId('acme');
    const sent = await messages(late.id);
    expect(sent.map((m) => [m.kind, m.recipient_party_id, m.recipient_role])).toEqual([
      ['deadline_warning', acme, 'staff'],
      ['deadline_breached', acme, 'staff'],
    ]);
    expect(sent[1]!.subject_en).toContain(`return ${late.number}`);
    expect(sent[1]!.subject_en).toContain('§6');
    expect(sent[1]!.subject_zh).toContain(`退货单 ${late.number}`);
    expect(sent[1]!.subject_zh).toContain('已逾期');
    // Running again records nothing more.
    expect((await tick()).deadlines).toMatchObject({ warnings: 0, breaches: 0 });
    expect(await entries('deadline.breached', late.caseId)).toHaveLength(1);

    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const view = (await zhang.get(`/api/v1/returns/${late.id}`)).json();
    expect(view).toMatchObject({
      approvalOverdue: true,
      approvalClock: { status: 'breached', warnedAt: now.toISOString(), breachedAt: now.toISOString() },
    });
    // Deciding late stops it, and says it was late.
    now = new Date('2026-03-25T03:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const decided = await agent.post(`/api/v1/returns/${late.id}/decision`, {});
    expect(decided.json().approvalClock).toMatchObject({
      status: 'stopped',
      late: true,
      stoppedBy: 'approved',
    });
    expect(await entries('deadline.stopped', late.caseId)).toEqual([
      expect.objectContaining({ late: true, stoppedBy: 'approved' }),
    ]);
  });

  it('warns exactly at the warning point and breaches only after the deadline', async () => {
    now = new Date('2026-03-26T02:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const requested = await agent.post('/api/v1/returns', {
      serial: await pureAirTwin(),
      reason: 'no_reason',
      conditions: KEPT,
    });
    const { id, caseId } = requested.json();
    now = new Date('2026-03-27T13:59:59Z');
    await tick();
    expect(await entries('deadline.warning', caseId)).toEqual([]);
    now = new Date('2026-03-27T14:00:00Z');
    await tick();
    expect(await entries('deadline.warning', caseId)).toHaveLength(1);
    now = new Date('2026-03-28T02:00:00Z'); // deciding at the deadline is in time
    await tick();
    expect(await entries('deadline.breached', caseId)).toEqual([]);
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    expect((await manager.get(`/api/v1/returns/${id}`)).json().approvalClock.status).toBe('warned');
    now = new Date('2026-03-28T02:00:01Z');
    await tick();
    expect(await entries('deadline.breached', caseId)).toHaveLength(1);
    expect((await manager.get(`/api/v1/returns/${id}`)).json().approvalClock.status).toBe('breached');
  });

  it('another customer and a partner see no return or its clock', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get(`/api/v1/returns/${late.id}`)).statusCode).toBe(404);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get(`/api/v1/returns/${late.id}`)).statusCode).toBe(404);
    expect((await fixit.get('/api/v1/returns')).json().items).toEqual([]);
  });

  it('with two workers at once, records each return’s warning and breach exactly once', async () => {
    now = new Date('2026-04-01T03:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const requested = await agent.post('/api/v1/returns', {
        serial: await pureAirTwin(),
        reason: 'performance_fault',
        conditions: KEPT,
      });
      expect(requested.statusCode, requested.body).toBe(201);
      expect(requested.json().approvalClock).not.toBeNull();
      ids.push(requested.json().caseId);
    }
    now = new Date('2026-04-08T03:00:00Z');
    const runs = await runTwoWorkers(server, 3);
    expect(runs.reduce((n, r) => n + r.deadlines.claimed, 0)).toBeGreaterThan(0);
    for (const caseId of ids) {
      expect(await entries('deadline.warning', caseId)).toHaveLength(1);
      expect(await entries('deadline.breached', caseId)).toHaveLength(1);
    }
    const breachedMessages = (
      await server.db.deps.db
        .selectFrom('outbox')
        .select('payload')
        .where('kind', '=', 'deadline_breached')
        .execute()
    ).filter((m) => ids.includes((m.payload as { caseId: string }).caseId));
    expect(breachedMessages).toHaveLength(ids.length);
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });

  it('lets one deadline that cannot be processed fail alone: undone, tried again in an hour', async () => {
    now = new Date('2026-04-10T03:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const cases: string[] = [];
    for (let i = 0; i < 2; i++) {
      const requested = await agent.post('/api/v1/returns', {
        serial: await pureAirTwin(),
        reason: 'performance_fault',
        conditions: KEPT,
      });
      expect(requested.statusCode, requested.body).toBe(201);
      cases.push(requested.json().caseId);
    }
    now = new Date('2026-04-17T03:00:00Z'); // both past their deadline
    // The first message the worker writes cannot get an id: that deadline's work is undone alone.
    let ids = 0;
    const failing = {
      ...server.db.deps,
      newId: () => {
        if (ids++ === 0) throw new Error('no id today');
        return server.db.deps.newId();
      },
    };
    const pass = await processDueDeadlines(failing);
    expect(pass.failed).toEqual([expect.objectContaining({ error: 'no id today' })]);
    expect(pass.breaches).toBeGreaterThanOrEqual(1);
    const recorded = await Promise.all(cases.map((c) => entries('deadline.breached', c)));
    expect(recorded.map((r) => r.length).sort()).toEqual([0, 1]);
    // An hour later the worker tries it again, and it goes through.
    now = new Date('2026-04-17T04:00:00Z');
    const again = await processDueDeadlines(server.db.deps);
    expect(again.failed).toEqual([]);
    expect(
      (await Promise.all(cases.map((c) => entries('deadline.breached', c)))).map((r) => r.length),
    ).toEqual([1, 1]);
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });

  it('a defective part owed back by FixIt (§6, P30D) is warned, breached, and stopped late by the shipment', async () => {
    now = new Date('2026-11-23T01:30:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips on start. 压缩机启动跳闸。',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const repair = await tech.post(`/api/v1/cases/${caseId}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(repair.statusCode, repair.body).toBe(201);
    const repairId = repair.json().id;
    const reserved = await tech.post(`/api/v1/repairs/${repairId}/parts`, {
      partNumber: 'CMP-900',
      quantity: 1,
      location: 'fixit-consignment',
    });
    expect(reserved.statusCode, reserved.body).toBe(200);
    now = new Date('2026-11-23T10:40:00Z'); // 18:40 in Shanghai
    const done = await tech.post(`/api/v1/repairs/${repairId}/completion`, {
      result: 'fixed',
      parts: [
        { lineId: reserved.json().parts[0].lineId, serialOut: 'C9-2024-00031', serialIn: 'C9-2026-77001' },
      ],
    });
    expect(done.statusCode, done.body).toBe(200);
    const [owed] = (await tech.get('/api/v1/defective-returns')).json().items;
    // Shipped any time on 23 December (Shanghai) is in time: the clock runs to that day's end.
    expect(owed).toMatchObject({
      dueOn: '2026-12-23',
      ref: '§6',
      clock: {
        status: 'running',
        startedAt: '2026-11-23T10:40:00.000Z',
        warnAt: '2026-12-16T02:40:00.000Z',
        dueAt: '2026-12-23T16:00:00.000Z',
        ref: '§6',
      },
    });

    now = new Date('2026-12-16T02:39:59Z');
    await tick();
    expect(await entries('deadline.warning', caseId)).toEqual([]);
    now = new Date('2026-12-16T02:40:00Z');
    await tick();
    expect(await entries('deadline.warning', caseId)).toEqual([
      expect.objectContaining({
        deadline: 'defective_return',
        subjectId: owed.id,
        label: 'CMP-900',
        agreement: 'fixit-shanghai-partner',
        ref: '§6',
      }),
    ]);
    now = new Date('2026-12-23T15:59:59Z');
    await tick();
    expect(await entries('deadline.breached', caseId)).toEqual([]);
    now = new Date('2026-12-23T16:00:01Z');
    await tick();
    await tick();
    expect(await entries('deadline.breached', caseId)).toHaveLength(1);
    const fixit = await partyId('fixit-shanghai');
    const sent = await messages(owed.id);
    expect(sent.map((m) => [m.kind, m.recipient_party_id, m.recipient_role])).toEqual([
      ['deadline_warning', fixit, 'partner'],
      ['deadline_breached', fixit, 'partner'],
    ]);
    expect(sent[0]!.subject_zh).toContain('故障件 CMP-900');
    expect(sent[0]!.subject_en).toContain('part CMP-900');

    // Another partner sees neither the part nor its clock.
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await pearl.get('/api/v1/defective-returns')).json().items).toEqual([]);

    now = new Date('2026-12-24T02:00:00Z');
    const shipper = await Session.signIn(server.app, 'technician@fixit.example');
    const shipped = await shipper.post(`/api/v1/defective-returns/${owed.id}/steps`, {
      step: 'shipped',
      carrier: 'SF Express',
      waybill: 'SF555',
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(shipped.json().clock).toMatchObject({ status: 'stopped', stoppedBy: 'shipped', late: true });
    expect(await entries('deadline.stopped', caseId)).toEqual([
      expect.objectContaining({ deadline: 'defective_return', stoppedBy: 'shipped', late: true, ref: '§6' }),
    ]);
  });

  it('migration 0008 fills in the clocks of returns and defective returns made before it, as the app starts them', async () => {
    const db = server.db.deps.db;
    const columns = [
      'tenant_id',
      'kind',
      'subject_id',
      'case_id',
      'label',
      'party_id',
      'agreement_id',
      'ref',
      'started_at',
      'warn_at',
      'due_at',
      'stopped_at',
      'stopped_by',
    ] as const;
    const snapshot = () => db.selectFrom('deadline_clocks').select(columns).orderBy('subject_id').execute();
    const made = await snapshot();
    expect(made.length).toBe(14); // 13 returns, 1 defective part
    await sql`DROP TABLE deadline_clocks`.execute(db);
    await m0008.up(db as never);
    expect(await snapshot()).toEqual(made);
    // The running ones are looked at on the worker's next pass (nothing was ever recorded for them).
    const running = await db
      .selectFrom('deadline_clocks')
      .select(['started_at', 'next_check_at'])
      .where('stopped_at', 'is', null)
      .execute();
    expect(running.length).toBeGreaterThan(0);
    for (const r of running) expect(r.next_check_at).toEqual(r.started_at);
  });
});

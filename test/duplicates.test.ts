import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Ruijin Hospital calls twice about one CH-900 (terms §7: two failures of a unit within 30 days
 * go to management). Monday 2026-11-23 09:30 in Shanghai.
 */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const entries = async (type: string, caseId: string) =>
  (
    await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('entry_type', '=', type)
      .where('subject_id', '=', caseId)
      .orderBy('seq')
      .execute()
  ).map((r) => JSON.parse(r.payload));

const repeatEscalations = async (caseId: string) =>
  (await entries('case.escalated', caseId)).filter((e) => e.trigger?.repeat_failures !== undefined);

describe(`repeat failures and duplicate requests on ${ENGINE}`, () => {
  let serial: string;
  let first: { id: string; number: string };
  let second: { id: string; number: string };

  const open = async (agent: Session, description: string) => {
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial,
      description,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    return { id: opened.json().id as string, number: opened.json().number as string };
  };
  const repeatUnits = async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const body = (await manager.get('/api/v1/dashboard/service')).json();
    return body.repeatUnits.filter((u: { serial: string }) => u.serial === serial);
  };

  it('a second request about a unit nobody has diagnosed is no repeat failure, but a possible duplicate', async () => {
    serial = (
      await server.db.deps.db
        .selectFrom('units')
        .innerJoin('parties', 'parties.party_id', 'units.owner_party_id')
        .select('units.serial')
        .where('parties.key', '=', 'ruijin-hospital')
        .where('units.serial', 'like', 'CH9-%')
        .orderBy('units.serial', 'desc')
        .executeTakeFirstOrThrow()
    ).serial;
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    first = await open(agent, 'No cooling. 不制冷。');
    now = new Date('2026-11-23T02:30:00Z');
    second = await open(agent, 'The chiller still does not cool (the hospital called again). 医院再次来电。');
    expect(await repeatEscalations(second.id)).toEqual([]);
    expect(await repeatUnits()).toEqual([]);

    const view = (await agent.get(`/api/v1/cases/${second.id}`)).json();
    expect(view.possibleDuplicateOf).toEqual(first);
    expect(view.outcome).toBeNull();
    expect((await agent.get(`/api/v1/cases/${first.id}`)).json().possibleDuplicateOf).toBeNull();
    // The customer sees it on its own cases too; nobody else sees either.
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    // ... by its public reference, as the customer knows every case.
    const firstRef = (await ruijin.get(`/api/v1/cases/${first.id}`)).json().number;
    expect(firstRef).toMatch(/^R-/);
    expect((await ruijin.get(`/api/v1/cases/${second.id}`)).json().possibleDuplicateOf).toEqual({
      id: first.id,
      number: firstRef,
    });
  });

  it('only the brand’s staff merge: the customer and an assigned partner get 403, another party 404; nothing changes', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/cases/${second.id}/assignment`, { servicePartner: 'fixit-shanghai' });
    const attempts: [string, number][] = [
      ['customer@ruijin.example', 403],
      ['partner@fixit.example', 403],
      ['technician@fixit.example', 403],
      ['partner@pearlriver.example', 404],
      ['zhang.wei@example.com', 404],
    ];
    for (const [email, status] of attempts) {
      const session = await Session.signIn(server.app, email);
      const tried = await session.post(`/api/v1/cases/${second.id}/merge`, { into: first.id });
      expect(tried.statusCode, email).toBe(status);
    }
    const view = (await agent.get(`/api/v1/cases/${second.id}`)).json();
    expect(view).toMatchObject({ state: 'new', mergedInto: null, outcome: null });
    expect(await entries('case.merged', second.id)).toEqual([]);
  });

  it('staff merge the second into the first: closed as merged, clocks stopped, its record kept, both cases pointing at each other', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/cases/${second.id}/messages`, {
      body: 'Same chiller as the first call. 与第一次来电同一台。',
      visibility: 'internal',
    });
    expect(
      (await agent.post(`/api/v1/cases/${second.id}/merge`, { into: second.id })).json().errors[0].path,
    ).toBe('/body/into');
    now = new Date('2026-11-23T03:00:00Z');
    const merged = await agent.post(`/api/v1/cases/${second.id}/merge`, { into: first.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({
      state: 'closed',
      outcome: 'merged',
      mergedInto: first,
      possibleDuplicateOf: null,
    });
    expect(merged.json().clocks.length).toBeGreaterThan(0);
    expect(
      merged.json().clocks.every((c: { stoppedAt: string | null }) => c.stoppedAt === now.toISOString()),
    ).toBe(true);
    expect(await entries('case.merged', second.id)).toEqual([
      expect.objectContaining({ into: first, outcome: 'merged', to: 'closed' }),
    ]);
    expect(await entries('case.merge_received', first.id)).toEqual([{ merged: second }]);
    // Its messages stay in its record.
    const activity = (await agent.get(`/api/v1/cases/${second.id}/activity`)).json();
    expect(JSON.stringify(activity)).toContain('与第一次来电同一台');
    // Once merged, it stays so.
    const again = await agent.post(`/api/v1/cases/${second.id}/merge`, { into: first.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('case_already_merged');
    expect((await agent.post(`/api/v1/cases/${second.id}/state`, { state: 'in_progress' })).statusCode).toBe(
      409,
    );
    expect((await agent.post(`/api/v1/cases/${first.id}/merge`, { into: second.id })).statusCode).toBe(400);
    expect((await agent.get(`/api/v1/cases/${first.id}`)).json().state).toBe('new');
  });

  it('a diagnosed failure counts: the next request within 30 days escalates (§7), and the dashboard counts diagnosed failures only', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const diagnosed = await agent.post(`/api/v1/cases/${first.id}/diagnosis`, {
      partCategory: 'compressor',
      cause: 'manufacturing_defect',
    });
    expect(diagnosed.statusCode, diagnosed.body).toBe(200);
    await agent.post(`/api/v1/cases/${first.id}/state`, { state: 'resolved' });
    now = new Date('2026-12-01T02:00:00Z');
    const later = await Session.signIn(server.app, 'agent@acme.example');
    const third = await open(later, 'Compressor trips again. 压缩机再次跳闸。');
    expect((await repeatEscalations(third.id)).map((e) => [e.level, e.trigger])).toEqual([
      ['management', { repeat_failures: 2, within: 'P30D' }],
    ]);
    expect((await later.get(`/api/v1/cases/${third.id}`)).json().possibleDuplicateOf).toBeNull();
    // One diagnosed failure is no repeat yet; the third request, once diagnosed, makes it one.
    expect(await repeatUnits()).toEqual([]);
    await later.post(`/api/v1/cases/${third.id}/diagnosis`, { partCategory: 'compressor', cause: 'wear' });
    expect(await repeatUnits()).toEqual([expect.objectContaining({ serial, cases: 2 })]);
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

// Exchanges (issue 18): a 三包 replacement gives a new unit with a new warranty, linked to the old
// one; an advance exchange keeps the old dates; either moves the old unit's running contracts to
// the new one. On PGlite or PostgreSQL (DATABASE_URL).
let now = new Date('2026-11-28T02:00:00Z'); // day 8 after delivery, 10:00 in Shanghai
let server: DemoServer;
const contractFile = (name: string) => ({
  name,
  text: fs.readFileSync(path.join(EXAMPLES_DIR, 'contracts', name), 'utf8'),
});
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  const admin = await Session.signIn(server.app, 'admin@acme.example');
  const imported = await admin.post('/api/v1/agreements/import', {
    files: [contractFile('acme-pureair-extended.yaml'), contractFile('ruijin-chiller-maintenance.yaml')],
  });
  expect(imported.statusCode, imported.body).toBe(201);
});

/** The contracts of a serial, as the brand's staff list them: number and state. */
const contractsOf = async (session: Session, serial: string) =>
  (
    (await session.get(`/api/v1/unit-contracts?serial=${serial}`)).json().items as {
      number: string;
      serial: string;
      agreement: { id: string };
    }[]
  ).map((c) => c.agreement.id);
afterAll(async () => {
  await server?.close();
});

describe('a 三包 replacement and an advance exchange', () => {
  it('replaces a purifier that failed on day 8 with a new unit whose warranty starts on the exchange day', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    for (const serial of ['PA5-2026-EX001', 'PA5-2026-EX101'])
      expect(
        (
          await agent.post('/api/v1/units', {
            serial,
            product: 'PA-500',
            owner: 'consumer-zhang-wei',
            territory: 'CN-SH',
            soldOn: '2026-11-20',
            deliveredOn: '2026-11-20',
          })
        ).statusCode,
      ).toBe(201);
    let zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    // An extended warranty bought for the purifier, to run after the standard one ends.
    const extended = await agent.post('/api/v1/unit-contracts', {
      serial: 'PA5-2026-EX001',
      agreement: 'acme-pureair-extended',
      startsOn: '2027-11-20',
      endsOn: '2029-11-19',
      price: '299',
      currency: 'CNY',
    });
    expect(extended.statusCode, extended.body).toBe(201);

    // Without a return whose check gave a replacement, no 三包 replacement: nothing is created.
    const early = await agent.post('/api/v1/units/by-serial/PA5-2026-EX001/replacement', {
      newSerial: 'PA5-2026-EX002',
      kind: 'sanbao',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('replacement_not_granted');
    expect((await agent.get('/api/v1/units/by-serial/PA5-2026-EX002')).statusCode).toBe(404);
    // A closed vocabulary: the kinds are named.
    const odd = await agent.post('/api/v1/units/by-serial/PA5-2026-EX001/replacement', {
      newSerial: 'PA5-2026-EX002',
      kind: 'swap',
    });
    expect(odd.statusCode).toBe(400);
    expect(JSON.stringify(odd.json())).toContain('sanbao');

    // The fault on day 8: §6 gives a replacement; approved, shipped, received, replaced.
    const fault = await zhang.post('/api/v1/returns', {
      serial: 'PA5-2026-EX001',
      reason: 'performance_fault',
      conditions: {},
    });
    expect(fault.json().termsCheck).toMatchObject({ verdict: 'approve', remedy: 'replace', cites: ['§6'] });
    const id = fault.json().id;
    expect((await agent.post(`/api/v1/returns/${id}/decision`, {})).statusCode).toBe(200);
    await zhang.post(`/api/v1/returns/${id}/shipment`, { carrier: 'SF Express', waybill: 'SF5550001' });
    now = new Date('2026-12-01T03:00:00Z');
    const clerk = await Session.signIn(server.app, 'agent@acme.example');
    await clerk.post(`/api/v1/returns/${id}/receipt`, {
      receivedQuantity: 1,
      damagedQuantity: 0,
      findings: 'Fan does not start. 风扇不转。',
      packagingOriginal: true,
    });
    // A serial that exists already is refused by name; the return stays received.
    const taken = await clerk.post(`/api/v1/returns/${id}/disposition`, {
      disposition: 'replace',
      amount: '2999.00',
      replacementSerial: 'PA5-2026-EX101',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('serial_taken');
    expect((await clerk.get(`/api/v1/returns/${id}`)).json().state).toBe('received');

    const replaced = await clerk.post(`/api/v1/returns/${id}/disposition`, {
      disposition: 'replace',
      amount: '2999.00',
      replacementSerial: 'PA5-2026-EX002',
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ state: 'closed', disposition: 'replace', dispositionRef: '§6' });
    // The extended warranty, not begun yet, goes with the purifier to the new unit, its term unchanged.
    expect(await contractsOf(clerk, 'PA5-2026-EX002')).toEqual(['acme-pureair-extended']);
    expect(await contractsOf(clerk, 'PA5-2026-EX001')).toEqual([]);
    const movedExtended = (await clerk.get(`/api/v1/unit-contracts/${extended.json().id}`)).json();
    expect(movedExtended).toMatchObject({
      serial: 'PA5-2026-EX002',
      startsOn: '2027-11-20',
      endsOn: '2029-11-19',
      state: 'active',
    });

    // The new unit: the customer's, sold and delivered on the exchange day; the warranty counts from it.
    zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const fresh = (await zhang.get('/api/v1/units/by-serial/PA5-2026-EX002')).json();
    expect(fresh).toMatchObject({
      owner: { key: 'consumer-zhang-wei' },
      soldOn: '2026-12-01',
      deliveredOn: '2026-12-01',
      exchanges: [
        { role: 'replaces', serial: 'PA5-2026-EX001', kind: 'sanbao', warranty: 'new', on: '2026-12-01' },
      ],
    });
    const warranty = (await zhang.get('/api/v1/warranty/PA5-2026-EX002')).json();
    expect(warranty.coverStart).toMatchObject({ date: '2026-12-01' });
    expect(warranty.parts.find((p: { partCategory: string }) => p.partCategory === 'motor').lastDay).toBe(
      '2031-11-30',
    );
    // The old unit's history links the new one; the exchange is evidence with its rule.
    const old = (await zhang.get('/api/v1/units/by-serial/PA5-2026-EX001')).json();
    expect(old.exchanges).toEqual([
      { role: 'replaced_by', serial: 'PA5-2026-EX002', kind: 'sanbao', warranty: 'new', on: '2026-12-01' },
    ]);
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', 'unit.replaced')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(entry.payload)).toContain('重新计算');
    // Once only.
    const again = await clerk.post('/api/v1/units/by-serial/PA5-2026-EX001/replacement', {
      newSerial: 'PA5-2026-EX003',
      kind: 'after_receipt',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_replaced');
    // Another customer does not see the new unit; a customer cannot exchange.
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get('/api/v1/units/by-serial/PA5-2026-EX002')).statusCode).toBe(404);
    expect((await ruijin.get(`/api/v1/units/${fresh.id}`)).statusCode).toBe(404);
    expect(
      (
        await zhang.post('/api/v1/units/by-serial/PA5-2026-EX101/replacement', {
          newSerial: 'PA5-2026-EX102',
          kind: 'advance_exchange',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('an advance exchange ships the new unit first and keeps the old warranty dates', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const sent = await agent.post('/api/v1/units/by-serial/PA5-2026-EX101/replacement', {
      newSerial: 'PA5-2026-EX102',
      kind: 'advance_exchange',
      carrier: 'SF Express',
      waybill: 'SF5550002',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({
      warranty: 'continues',
      dates: { soldOn: '2026-11-20', deliveredOn: '2026-11-20', installedOn: null },
      ref: null,
    });
    const warranty = (await agent.get('/api/v1/warranty/PA5-2026-EX102')).json();
    expect(warranty.coverStart).toMatchObject({ date: '2026-11-20' });
    const row = await server.db.deps.db
      .selectFrom('unit_replacements')
      .select(['carrier', 'waybill', 'kind'])
      .where('tenant_id', '=', server.tenantId)
      .where('new_unit_id', '=', sent.json().newUnitId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ carrier: 'SF Express', waybill: 'SF5550002', kind: 'advance_exchange' });
  });

  it('an exchange moves the old unit’s running contract to the new unit for its remaining term; ended and cancelled ones stay', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (
        await agent.post('/api/v1/units', {
          serial: 'CH9-2026-EX500',
          product: 'CH-900',
          owner: 'ruijin-hospital',
          territory: 'CN-SH',
          soldOn: '2026-09-01',
          deliveredOn: '2026-09-10',
        })
      ).statusCode,
    ).toBe(201);
    const sell = async (startsOn: string, endsOn: string) => {
      const sold = await agent.post('/api/v1/unit-contracts', {
        serial: 'CH9-2026-EX500',
        agreement: 'ruijin-chiller-maintenance',
        startsOn,
        endsOn,
        price: '48000',
        currency: 'CNY',
        incidents: 3,
      });
      expect(sold.statusCode, sold.body).toBe(201);
      return sold.json() as { id: string; number: string };
    };
    const running = await sell('2026-11-01', '2027-10-31');
    const ended = await sell('2026-11-01', '2026-11-15');
    const cancelled = await sell('2026-11-01', '2027-10-31');
    expect((await agent.post(`/api/v1/unit-contracts/${cancelled.id}/cancellation`, {})).statusCode).toBe(
      200,
    );
    const used = await server.db.deps.db
      .updateTable('unit_contracts')
      .set({ incidents_used: 1 })
      .where('tenant_id', '=', server.tenantId)
      .where('contract_id', '=', running.id)
      .executeTakeFirst();
    expect(Number(used.numUpdatedRows)).toBe(1);

    const sent = await agent.post('/api/v1/units/by-serial/CH9-2026-EX500/replacement', {
      newSerial: 'CH9-2026-EX501',
      kind: 'after_receipt',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().contracts.map((c: { number: string; moved: boolean }) => [c.number, c.moved])).toEqual(
      expect.arrayContaining([
        [running.number, true],
        [ended.number, false],
        [cancelled.number, false],
      ]),
    );
    expect(
      sent.json().contracts.find((c: { number: string }) => c.number === running.number).because.zh,
    ).toContain('剩余期限');
    // The running contract is the new unit's, with its number, term and incidents used; the others stay.
    const moved = (await agent.get(`/api/v1/unit-contracts/${running.id}`)).json();
    expect(moved).toMatchObject({
      number: running.number,
      serial: 'CH9-2026-EX501',
      startsOn: '2026-11-01',
      endsOn: '2027-10-31',
      incidents: { allowed: 3, used: 1 },
    });
    expect((await agent.get(`/api/v1/unit-contracts/${ended.id}`)).json().serial).toBe('CH9-2026-EX500');
    expect((await agent.get(`/api/v1/unit-contracts/${cancelled.id}`)).json().serial).toBe('CH9-2026-EX500');
    // The new unit is covered by it (the warranty check lists it); the hospital sees it, Zhang Wei does not.
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const w = (await ruijin.get('/api/v1/warranty/CH9-2026-EX501')).json();
    expect(w.covers.map((c: { agreement: { id: string } }) => c.agreement.id)).toContain(
      'ruijin-chiller-maintenance',
    );
    expect((await ruijin.get(`/api/v1/unit-contracts/${running.id}`)).statusCode).toBe(200);
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/unit-contracts/${running.id}`)).statusCode).toBe(404);
    // Evidence of the move, on the new unit, naming both serials.
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['payload', 'subject_id'])
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', 'contract.moved')
      .where('subject_id', '=', sent.json().newUnitId)
      .execute();
    expect(entries).toHaveLength(1);
    const payload =
      typeof entries[0]!.payload === 'string' ? JSON.parse(entries[0]!.payload) : entries[0]!.payload;
    expect(payload).toMatchObject({
      contract: running.number,
      from: { serial: 'CH9-2026-EX500' },
      to: { serial: 'CH9-2026-EX501' },
      endsOn: '2027-10-31',
    });
  });

  it('lends one of the brand’s units while the customer’s is away, one customer at a time, and takes it back', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (
        await agent.post('/api/v1/units', {
          serial: 'PA5-LOANER-01',
          product: 'PA-500',
          owner: 'acme',
          territory: 'CN-SH',
        })
      ).statusCode,
    ).toBe(201);
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'PA5-2026-EX102',
      customer: 'consumer-zhang-wei',
      description: 'Sent in for repair; a loaner meanwhile.',
      channel: 'phone',
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id;
    // A customer's unit is not a loaner.
    const foreign = await agent.post('/api/v1/loans', {
      loaner: 'PA5-2026-EX101',
      caseId,
      dueBackOn: '2026-12-10',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('/body/loaner');
    const lent = await agent.post('/api/v1/loans', {
      loaner: 'PA5-LOANER-01',
      caseId,
      dueBackOn: '2026-12-10',
    });
    expect(lent.statusCode).toBe(201);
    expect(lent.json()).toMatchObject({
      loaner: { serial: 'PA5-LOANER-01', model: 'PA-500' },
      customer: { key: 'consumer-zhang-wei' },
      lentOn: '2026-12-01',
      dueBackOn: '2026-12-10',
      returnedOn: null,
      overdue: false,
    });
    const twice = await agent.post('/api/v1/loans', {
      loaner: 'PA5-LOANER-01',
      caseId,
      dueBackOn: '2026-12-12',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('loaner_out');
    // The customer sees its loan; another customer sees none.
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get('/api/v1/loans')).json().map((l: { id: string }) => l.id)).toEqual([
      lent.json().id,
    ]);
    expect((await zhang.post(`/api/v1/loans/${lent.json().id}/return`, {})).statusCode).toBe(403);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get('/api/v1/loans')).json()).toEqual([]);
    expect((await ruijin.get(`/api/v1/loans/${lent.json().id}`)).statusCode).toBe(404);

    // Past the day it was due: overdue; back two days late, recorded as late, then free again.
    now = new Date('2026-12-12T03:00:00Z');
    const staff = await Session.signIn(server.app, 'agent@acme.example');
    expect((await staff.get('/api/v1/loans?open=true')).json()[0]).toMatchObject({ overdue: true });
    const back = await staff.post(`/api/v1/loans/${lent.json().id}/return`, {
      conditionNote: 'Scratch on the lid',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({
      returnedOn: '2026-12-12',
      overdue: false,
      conditionNote: 'Scratch on the lid',
    });
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', 'unit.loan_returned')
      .executeTakeFirstOrThrow();
    const payload = typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload;
    expect(payload).toMatchObject({ late: true });
    expect(
      (await staff.post('/api/v1/loans', { loaner: 'PA5-LOANER-01', caseId, dueBackOn: '2026-12-20' }))
        .statusCode,
    ).toBe(201);
  });
});

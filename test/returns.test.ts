import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** Zhang Wei's PureAir 300 was delivered on 2026-03-16 (examples/claims/purifier-filter.yaml). */
let now = new Date('2026-03-21T02:00:00Z'); // day 5 after delivery, 10:00 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const KEPT = { original_packaging: true, proof_of_purchase: true };

/** How many returns and cases a unit has: what a refused request must leave as it was. */
async function returnsAndCasesOf(serial: string) {
  const db = server.db.deps.db;
  const unit = await db
    .selectFrom('units')
    .select('unit_id')
    .where('serial', '=', serial)
    .executeTakeFirstOrThrow();
  const count = async (table: 'returns' | 'cases') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((e) => e.fn.countAll().as('n'))
          .where('unit_id', '=', unit.unit_id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { unitId: unit.unit_id, returns: await count('returns'), cases: await count('cases') };
}

describe('PureAir returns under §6 of the consumer warranty', () => {
  let returnId: string;

  it('day 5 without reason: the check approves citing §6, the approval clock runs P2D', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const requested = await zhang.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: KEPT,
      description: '不想要了 Changed my mind',
    });
    expect(requested.statusCode).toBe(201);
    const body = requested.json();
    returnId = body.id;
    expect(body).toMatchObject({
      number: 'R-000001',
      state: 'requested',
      reason: 'no_reason',
      termsCheck: {
        verdict: 'approve',
        remedy: 'refund',
        cites: ['§6'],
        day: 5,
        lastDay: '2026-03-22',
        agreement: { id: 'acme-pureair-consumer-cn', version: 2 },
      },
      decideBy: '2026-03-23T02:00:00.000Z',
    });
    // The customer cannot approve its own return.
    expect((await zhang.post(`/api/v1/returns/${returnId}/decision`, {})).statusCode).toBe(403);
  });

  it('the agent approves by the check; the customer ships; inspected, refunded as a cost line', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const approved = await agent.post(`/api/v1/returns/${returnId}/decision`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', decisionRef: '§6' });

    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const shipped = await zhang.post(`/api/v1/returns/${returnId}/shipment`, {
      carrier: 'SF Express',
      waybill: 'SF1234567890',
    });
    expect(shipped.json()).toMatchObject({ state: 'shipped', shipment: { waybill: 'SF1234567890' } });

    now = new Date('2026-03-23T03:00:00Z');
    const clerk = await Session.signIn(server.app, 'agent@acme.example');
    const received = await clerk.post(`/api/v1/returns/${returnId}/receipt`, {
      receivedQuantity: 1,
      damagedQuantity: 0,
      findings: 'Complete, in original packaging. 包装完好。',
      packagingOriginal: true,
      photos: [
        {
          name: 'box.jpg',
          mediaType: 'image/jpeg',
          contentBase64: Buffer.from('jpeg bytes').toString('base64'),
        },
      ],
    });
    expect(received.statusCode).toBe(200);
    expect(received.json().inspection).toMatchObject({ receivedQuantity: 1, damagedQuantity: 0 });

    // A refund needs its amount; amounts are decimal text, never floats.
    expect(
      (await clerk.post(`/api/v1/returns/${returnId}/disposition`, { disposition: 'refund' })).statusCode,
    ).toBe(400);
    const refunded = await clerk.post(`/api/v1/returns/${returnId}/disposition`, {
      disposition: 'refund',
      amount: '1999.00',
    });
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json()).toMatchObject({ state: 'closed', disposition: 'refund', dispositionRef: '§6' });

    const lines = (await clerk.get(`/api/v1/cost-lines?case=${refunded.json().caseId}`)).json().items;
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'refund',
        amountMinor: 199900,
        amount: '1999.00',
        currency: 'CNY',
        bearer: expect.objectContaining({ key: 'acme' }),
        payee: expect.objectContaining({ key: 'consumer-zhang-wei' }),
        ref: '§6',
      }),
    ]);
    // Every step is on the case's timeline, and the chain verifies.
    const report = await verifyEvidence(server.db.deps, server.tenantId);
    expect(report.ok).toBe(true);
    const types = (
      await server.db.deps.db
        .selectFrom('timeline_entries')
        .select('entry_type')
        .where('entry_type', 'like', 'return.%')
        .orderBy('seq')
        .execute()
    ).map((r) => r.entry_type);
    expect(types).toEqual([
      'return.requested',
      'return.approved',
      'return.shipped',
      'return.received',
      'return.disposed',
    ]);
  });

  it('day 9 without reason: rejected citing §6, and approving it anyway needs a note', async () => {
    const unit = await server.db.deps.db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.product_id', '=', 'units.product_id')
          .onRef('products.tenant_id', '=', 'units.tenant_id'),
      )
      .select(['units.serial', 'units.delivered_on'])
      .where('products.model', '=', 'PA-500')
      .where('units.delivered_on', '>=', '2026-01-05')
      .orderBy('units.serial')
      .executeTakeFirstOrThrow();
    const d = new Date(`${unit.delivered_on}T02:00:00Z`);
    now = new Date(d.getTime() + 9 * 86_400_000);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const requested = await agent.post('/api/v1/returns', {
      serial: unit.serial,
      reason: 'no_reason',
      conditions: KEPT,
    });
    expect(requested.statusCode).toBe(201);
    expect(requested.json().termsCheck).toMatchObject({
      verdict: 'reject',
      reason: 'outside_window',
      day: 9,
      cites: ['§6'],
    });
    const id = requested.json().id;
    expect((await agent.get('/api/v1/returns?overdue=true')).json().items).toEqual([]);
    now = new Date(now.getTime() + 3 * 86_400_000); // past the two days to decide
    const late = await Session.signIn(server.app, 'agent@acme.example');
    const overdue = (await late.get('/api/v1/returns?overdue=true')).json().items;
    expect(overdue).toEqual([expect.objectContaining({ id, approvalOverdue: true })]);
    expect((await late.post(`/api/v1/returns/${id}/decision`, { outcome: 'approve' })).statusCode).toBe(400);
    const rejected = await late.post(`/api/v1/returns/${id}/decision`, {});
    expect(rejected.json()).toMatchObject({ state: 'rejected', decisionRef: '§6' });
    expect(rejected.json().termsCheck.explanation.zh).toContain('超过');
  });

  it('missing packaging fails the conditions; a performance fault in the first 15 days is a replacement', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    now = new Date('2026-03-27T02:00:00Z'); // day 11
    const fault = await zhang.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'performance_fault',
      conditions: {},
    });
    expect(fault.json().termsCheck).toMatchObject({ verdict: 'approve', remedy: 'replace', cites: ['§6'] });
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/returns/${fault.json().id}/decision`, {
      outcome: 'reject',
      note: 'customer withdrew',
    });
    now = new Date('2026-03-18T02:00:00Z'); // day 2, inside the window, but without the box
    const zhang2 = await Session.signIn(server.app, 'zhang.wei@example.com');
    const before = await returnsAndCasesOf('PA3-2026-118842');
    const noBox = await zhang2.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: { proof_of_purchase: true, original_packaging: false },
    });
    // Not decided but answered: the customer is told which condition to confirm, and nothing is kept.
    expect(noBox.statusCode).toBe(400);
    expect(noBox.json()).toMatchObject({
      code: 'return_conditions_unticked',
      errors: [{ path: '/body/conditions/original_packaging' }],
    });
    expect(noBox.json().detail).toContain('original packaging kept');
    expect(noBox.json().detail).toContain('§6');
    expect(await returnsAndCasesOf('PA3-2026-118842')).toEqual(before);
    const zh = await zhang2.request({
      method: 'POST',
      url: '/api/v1/returns',
      payload: { serial: 'PA3-2026-118842', reason: 'no_reason', conditions: {} },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().detail).toContain('保留原包装');
    expect(zh.json().detail).toContain('购买凭证');
    expect(
      zh
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/conditions/original_packaging', '/body/conditions/proof_of_purchase']);
    // Ticked and sent again, it is requested.
    const ticked = await zhang2.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: KEPT,
    });
    expect(ticked.statusCode).toBe(201);
    expect(ticked.json()).toMatchObject({ state: 'requested', termsCheck: { verdict: 'approve' } });
  });

  it('one return in progress per unit: a second is refused with 409, by the API and by the database', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const before = await returnsAndCasesOf('PA3-2026-118842');
    const second = await zhang.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'performance_fault',
      conditions: {},
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'return_already_open' });
    expect(second.json().detail).toMatch(/Return R-\d+ of this unit is in progress/);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const byStaff = await agent.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'other',
      conditions: {},
    });
    expect(byStaff.statusCode).toBe(409);
    expect(await returnsAndCasesOf('PA3-2026-118842')).toEqual(before);
    // Past the API's check (two requests at once), the database keeps one open return per unit.
    const open = await server.db.deps.db
      .selectFrom('returns')
      .selectAll()
      .where('unit_id', '=', before.unitId)
      .where('state', '=', 'requested')
      .executeTakeFirstOrThrow();
    await expect(
      server.db.deps.db
        .insertInto('returns')
        .values({ ...open, return_id: crypto.randomUUID(), number: 'R-TWIN' } as never)
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('another customer and a partner see nothing of it; a customer cannot return another’s unit', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await ruijin.get(`/api/v1/returns/${returnId}`)).statusCode).toBe(404);
    expect(
      (await ruijin.get(`/api/v1/ledger/statement?party=consumer-zhang-wei&from=2026-01-01&to=2026-12-31`))
        .statusCode,
    ).toBe(404);
    expect((await ruijin.get('/api/v1/cost-lines')).json().items).toEqual([]);
    expect((await pearl.get(`/api/v1/returns/${returnId}`)).statusCode).toBe(404);
    expect((await ruijin.get('/api/v1/returns')).json().items).toEqual([]);
    const foreign = await ruijin.post('/api/v1/returns', {
      serial: 'PA3-2026-118842',
      reason: 'no_reason',
      conditions: KEPT,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (
        await pearl.post('/api/v1/returns', {
          serial: 'CH9-2025-00981',
          reason: 'no_reason',
          conditions: KEPT,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await ruijin.post(`/api/v1/returns/${returnId}/shipment`, { carrier: 'x', waybill: 'y' })).statusCode,
    ).toBe(404);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveStock } from '../src/app/parts/stock-store.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** Monday 2026-11-23 09:30 in Shanghai. */
const now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

async function openRepairOn(agent: Session, serial: string): Promise<string> {
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'high',
    serial,
    description: 'Compressor does not start. 压缩机无法启动。',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode).toBe(201);
  await agent.post(`/api/v1/cases/${opened.json().id}/assignment`, { servicePartner: 'fixit-shanghai' });
  const repair = await agent.post(`/api/v1/cases/${opened.json().id}/repairs`, {});
  expect(repair.statusCode).toBe(201);
  return repair.json().id;
}

const level = async (session: Session, location: string, part: string) => {
  const body = (await session.get(`/api/v1/stock?location=${location}&part=${part}`)).json();
  return body.items[0]?.levels[0];
};

describe('reserving the last unit of a part', () => {
  it('two repairs race for FixIt’s one consignment compressor: one gets it, the other a clear 409', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const fixit = await Session.signIn(server.app, 'technician@fixit.example');
    const a = await openRepairOn(agent, 'CH9-2025-00417');
    const b = await openRepairOn(agent, 'CH9-2024-00031');
    const body = { partNumber: 'CMP-900', quantity: 1, location: 'fixit-consignment' };
    const answers = await Promise.all([
      fixit.post(`/api/v1/repairs/${a}/parts`, body),
      fixit.post(`/api/v1/repairs/${b}/parts`, body),
    ]);
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const refused = answers.find((r) => r.statusCode === 409)!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'insufficient_stock',
      detail: '1 × CMP-900 wanted, 0 available here.',
    });
    const zh = await fixit.request({
      method: 'POST',
      url: `/api/v1/repairs/${a}/parts`,
      payload: body,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.json().detail).toContain('可用 0 件');
    expect(await level(fixit, 'fixit-consignment', 'CMP-900')).toEqual({
      partNumber: 'CMP-900',
      onHand: 1,
      reserved: 1,
      available: 0,
    });

    // The winner completes, twice at once (a double click): one completion, one clear 409.
    const winner = answers.find((r) => r.statusCode === 200)!.json();
    await fixit.post(`/api/v1/repairs/${winner.id}/diagnosis`, {
      partCategory: 'compressor',
      cause: 'manufacturing_defect',
    });
    const completion = {
      result: 'fixed',
      parts: [{ lineId: winner.parts[0].lineId, serialOut: 'OLD-1', serialIn: 'NEW-1' }],
    };
    const done = await Promise.all([
      fixit.post(`/api/v1/repairs/${winner.id}/completion`, completion),
      fixit.post(`/api/v1/repairs/${winner.id}/completion`, completion),
    ]);
    expect(done.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(done.find((r) => r.statusCode === 409)?.json().code).toMatch(
      /^(invalid_transition|changed_meanwhile)$/,
    );
    expect(await level(fixit, 'fixit-consignment', 'CMP-900')).toMatchObject({ onHand: 0, reserved: 0 });
    const parts = await server.db.deps.db
      .selectFrom('cost_lines')
      .select('amount_minor')
      .where('source_id', '=', winner.id)
      .execute();
    expect(parts).toEqual([{ amount_minor: 1860000 }]);
  });

  it('twelve reservations at once for four warehouse compressors: exactly four succeed, stock never below zero', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const repairs: string[] = [];
    for (let i = 0; i < 3; i++) repairs.push(await openRepairOn(agent, 'CH9-2025-00417'));
    const body = { partNumber: 'CMP-900', quantity: 1, location: 'acme-central' };
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => agent.post(`/api/v1/repairs/${repairs[i % 3]}/parts`, body)),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(4);
    expect(answers.filter((r) => r.statusCode === 409)).toHaveLength(8);
    expect(await level(agent, 'acme-central', 'CMP-900')).toEqual({
      partNumber: 'CMP-900',
      onHand: 4,
      reserved: 4,
      available: 0,
    });
    const lines = await server.db.deps.db
      .selectFrom('repair_parts')
      .select('line_id')
      .where(
        'location_id',
        'in',
        server.db.deps.db
          .selectFrom('stock_locations')
          .select('location_id')
          .where('key', '=', 'acme-central'),
      )
      .execute();
    expect(lines).toHaveLength(4);

    // One line given back, then a repair cancelled: its reservations return to stock.
    const held = await Promise.all(
      repairs.map(async (id) => (await agent.get(`/api/v1/repairs/${id}`)).json()),
    );
    const withTwo = held.find((r) => r.parts.length >= 2) ?? held.find((r) => r.parts.length >= 1);
    const released = await agent.post(`/api/v1/repairs/${withTwo.id}/release`, {
      lineId: withTwo.parts[0].lineId,
    });
    expect(
      released.json().parts.find((p: { lineId: string }) => p.lineId === withTwo.parts[0].lineId).state,
    ).toBe('released');
    expect((await level(agent, 'acme-central', 'CMP-900')).available).toBe(1);
    const cancelled = await agent.post(`/api/v1/repairs/${withTwo.id}/release`, {
      cancel: true,
      reason: 'customer replaced the unit',
    });
    expect(cancelled.json().state).toBe('cancelled');
    const stillHeld = held.filter((r) => r.id !== withTwo.id).reduce((n, r) => n + r.parts.length, 0);
    expect(await level(agent, 'acme-central', 'CMP-900')).toMatchObject({ onHand: 4, reserved: stillHeld });
    expect((await agent.post(`/api/v1/repairs/${withTwo.id}/release`, { cancel: true })).statusCode).toBe(
      409,
    );
  });

  it('store level: six transactions that hold their lock a while race for two control boards; two win', async () => {
    const db = server.db.deps.db;
    const location = await db
      .selectFrom('stock_locations')
      .select('location_id')
      .where('key', '=', 'fixit-consignment')
      .executeTakeFirstOrThrow();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        db.transaction().execute(async (trx) => {
          await reserveStock(
            trx,
            { tenantId: server.tenantId, locationId: location.location_id, partNumber: 'CB-CH9' },
            1,
          );
          // Keep the row locked while the others wait on it: each re-checks the condition after.
          await sql`SELECT pg_sleep(0.05)`.execute(trx);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(
      Array(4).fill('insufficient_stock'),
    );
    const level = await db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('location_id', '=', location.location_id)
      .where('part_number', '=', 'CB-CH9')
      .executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 2, reserved: 2 });
  });

  it('a transfer never takes reserved units; the database refuses stock below zero', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const central = await level(agent, 'acme-central', 'CMP-900');
    const refused = await agent.post('/api/v1/stock/transfers', {
      from: 'acme-central',
      to: 'fixit-van-01',
      partNumber: 'CMP-900',
      quantity: central.available + 1,
    });
    expect(refused.statusCode).toBe(409);
    expect(await level(agent, 'acme-central', 'CMP-900')).toEqual(central);
    const moved = await agent.post('/api/v1/stock/transfers', {
      from: 'acme-central',
      to: 'fixit-van-01',
      partNumber: 'MTR-45',
      quantity: 5,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().to.levels.find((l: { partNumber: string }) => l.partNumber === 'MTR-45').onHand).toBe(
      7,
    );
    await expect(
      server.db.deps.db
        .updateTable('stock_levels')
        .set({ on_hand: -1 })
        .where('part_number', '=', 'MTR-45')
        .execute(),
    ).rejects.toThrow();
  });
});

describe('who sees and moves which stock', () => {
  it('FixIt sees only its consignment and van; Pearl River only its own; customers none', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await fixit.get('/api/v1/stock')).json().items.map((l: { key: string }) => l.key)).toEqual([
      'fixit-consignment',
      'fixit-van-01',
    ]);
    expect((await pearl.get('/api/v1/stock')).json().items.map((l: { key: string }) => l.key)).toEqual([
      'pearl-river-consignment',
    ]);
    expect((await ruijin.get('/api/v1/stock')).json().items).toEqual([]);
    // Pearl River cannot take from FixIt's consignment, nor move FixIt's stock.
    expect(
      (
        await pearl.post('/api/v1/stock/transfers', {
          from: 'fixit-van-01',
          to: 'pearl-river-consignment',
          partNumber: 'MTR-45',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await pearl.post('/api/v1/stock/receipts', {
          location: 'fixit-van-01',
          partNumber: 'MTR-45',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await ruijin.post('/api/v1/stock/receipts', {
          location: 'acme-central',
          partNumber: 'MTR-45',
          quantity: 1,
        })
      ).statusCode,
    ).toBe(404);
    // FixIt moves stock between its own locations.
    const own = await fixit.post('/api/v1/stock/transfers', {
      from: 'fixit-consignment',
      to: 'fixit-van-01',
      partNumber: 'CB-PA',
      quantity: 1,
    });
    expect(own.statusCode).toBe(200);
    // Reports are the brand's.
    expect((await fixit.get('/api/v1/parts/reorder')).statusCode).toBe(403);
    expect((await pearl.get('/api/v1/parts/duty')).statusCode).toBe(403);
    // A customer reads the parts of its own units' products, without what they cost the brand.
    const parts = (await ruijin.get('/api/v1/parts?product=CH-900')).json().items;
    expect(parts.find((p: { partNumber: string }) => p.partNumber === 'CMP-900')).toEqual({
      partNumber: 'CMP-900',
      partCategory: 'compressor',
      name: expect.any(String),
      nameZh: expect.anything(),
      usedIn: [{ model: 'CH-900', quantity: 1 }],
    });
  });
});

describe('the parts catalogue, by who reads it', () => {
  type Part = { partNumber: string; usedIn: { model: string }[] } & Record<string, unknown>;
  const catalogue = async (session: Session): Promise<Part[]> => {
    const response = await session.get('/api/v1/parts');
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const modelsOfUnits = async (session: Session) =>
    new Set(
      ((await session.get('/api/v1/units?limit=500')).json().items as { product: { model: string } }[]).map(
        (u) => u.product.model,
      ),
    );
  const keysOf = (parts: Part[]) => [...new Set(parts.flatMap((p) => Object.keys(p).sort().join(',')))];
  const SUMMARY = ['name', 'nameZh', 'partCategory', 'partNumber', 'usedIn'];

  it('staff read every part with its unit cost, currency, supplier and lead time', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const parts = await catalogue(agent);
    expect(keysOf(parts)).toEqual([
      [...SUMMARY, 'currency', 'leadTimeDays', 'supplier', 'unitCost', 'unitCostMinor'].sort().join(','),
    ]);
    expect(parts.find((p) => p.partNumber === 'CMP-900')).toMatchObject({
      unitCost: '18600.00',
      supplier: { key: expect.any(String) },
    });
  });

  it('a partner reads the parts of the products it services, with lead times, never costs or suppliers', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const parts = await catalogue(fixit);
    expect(parts.length).toBeGreaterThan(0);
    expect(keysOf(parts)).toEqual([[...SUMMARY, 'leadTimeDays'].sort().join(',')]);
    const serviced = await modelsOfUnits(fixit);
    expect(parts.every((p) => p.usedIn.length > 0 && p.usedIn.every((u) => serviced.has(u.model)))).toBe(
      true,
    );
  });

  it('a customer reads only names and numbers of its own units’ parts; a new customer reads nothing', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const parts = await catalogue(zhang);
    expect(parts.length).toBeGreaterThan(0);
    expect(keysOf(parts)).toEqual([SUMMARY.join(',')]);
    const own = await modelsOfUnits(zhang);
    expect(parts.every((p) => p.usedIn.every((u) => own.has(u.model)))).toBe(true);
    expect(parts.some((p) => p.partNumber === 'CMP-900')).toBe(false);

    const signedUp = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: 'stranger@example.com', password: 'a long password', name: 'Stranger', locale: 'en' },
    });
    // Sign-up says the same whether or not the e-mail was taken; the new customer then signs in.
    expect(signedUp.statusCode).toBe(202);
    const stranger = await Session.signIn(server.app, 'stranger@example.com', 'a long password');
    expect(await catalogue(stranger)).toEqual([]);
    expect((await stranger.get('/api/v1/parts?product=CH-900')).json().items).toEqual([]);
  });
});

describe('parts reports', () => {
  it('reorder suggestions from 90 days of use', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const body = (await agent.get('/api/v1/parts/reorder')).json();
    expect(body.windowDays).toBe(90);
    // 90 sensors used in 90 days, 14 days lead + 14 safety: reorder at 28, up to 58; 20 + 2 on hand.
    expect(body.items.find((i: { partNumber: string }) => i.partNumber === 'SNS-PM25')).toMatchObject({
      usedInWindow: 90,
      reorderPoint: 28,
      targetLevel: 58,
      available: 22,
      suggestedQuantity: 36,
    });
    expect(body.items.find((i: { partNumber: string }) => i.partNumber === 'FLT-300').suggestedQuantity).toBe(
      0,
    );
  });

  it('the spare-parts duty: PA-300 parts until 2033-06-30 (§7, P7Y after end of production); parts at risk listed', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const body = (await agent.get('/api/v1/parts/duty')).json();
    const housing = body.items.find(
      (i: { product: string; partNumber: string }) => i.product === 'PA-300' && i.partNumber === 'HSG-300',
    );
    expect(housing).toMatchObject({
      dutyUntil: '2033-06-30',
      agreement: { id: 'acme-pureair-consumer-cn', ref: '§7' },
      onHand: 0,
      risks: ['no_stock', 'no_supply_agreement'],
    });
    const motor = body.items.find(
      (i: { product: string; partNumber: string }) => i.product === 'PA-300' && i.partNumber === 'MTR-45',
    );
    expect(motor).toMatchObject({ risks: [], supplyAgreement: { id: 'ningbo-motor-supply' } });
    const condenser = body.items.find(
      (i: { product: string; partNumber: string }) => i.partNumber === 'CND-900',
    );
    expect(condenser).toMatchObject({
      dutyUntil: null,
      agreement: { ref: '§5' },
      risks: ['no_stock', 'no_supply_agreement'],
    });
    expect(body.atRisk).toBeGreaterThan(0);
  });
});

describe('catalogue and locations', () => {
  it('a manager adds a part and a new technician van; goods in; an agent or a partner may not', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const part = await manager.post('/api/v1/parts', {
      partNumber: 'VLV-900',
      partCategory: 'expansion_valve',
      name: 'Expansion valve 900',
      nameZh: '膨胀阀 900',
      unitCost: '860.50',
      currency: 'CNY',
      supplier: 'ningbo-motor',
      leadTimeDays: 21,
    });
    expect(part.statusCode).toBe(200);
    expect(part.json()).toMatchObject({
      unitCostMinor: 86050,
      unitCost: '860.50',
      supplier: { key: 'ningbo-motor' },
    });
    expect(
      (
        await manager.post('/api/v1/parts', {
          partNumber: 'X',
          partCategory: 'x',
          name: 'x',
          unitCost: '1.005',
          currency: 'CNY',
        })
      ).statusCode,
    ).toBe(400);
    const van = await manager.post('/api/v1/stock/locations', {
      key: 'fixit-van-02',
      name: 'FixIt van 02',
      kind: 'van',
      holder: 'fixit-shanghai',
      owner: 'acme',
    });
    expect(van.statusCode).toBe(201);
    expect(
      (
        await manager.post('/api/v1/stock/locations', {
          key: 'fixit-van-02',
          name: 'again',
          kind: 'van',
          holder: 'fixit-shanghai',
          owner: 'acme',
        })
      ).statusCode,
    ).toBe(409);
    const received = await manager.post('/api/v1/stock/receipts', {
      location: 'fixit-van-02',
      partNumber: 'VLV-900',
      quantity: 3,
    });
    expect(received.json().levels).toEqual([{ partNumber: 'VLV-900', onHand: 3, reserved: 0, available: 3 }]);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get('/api/v1/stock?location=fixit-van-02')).json().items[0].levels[0].onHand).toBe(3);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (
        await agent.post('/api/v1/parts', {
          partNumber: 'Y',
          partCategory: 'y',
          name: 'y',
          unitCost: '1',
          currency: 'CNY',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await fixit.post('/api/v1/stock/locations', {
          key: 'mine',
          name: 'mine',
          kind: 'van',
          holder: 'fixit-shanghai',
          owner: 'fixit-shanghai',
        })
      ).statusCode,
    ).toBe(403);
  });
});

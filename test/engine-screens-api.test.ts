import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * The two reads the engines' pages needed beside the engines' own API: a repair's operations with
 * their standard times (labor is picked by name), and what a party bore per month and product
 * (the ledger's chart). Each answers only for what the reader may see. Monday 2026-11-23 in Shanghai.
 */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

describe('the operations of a repair and the cost by month', () => {
  let repairId: string;

  it('lists the model’s operations with names and standard times, for the partner working it only', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips on start.',
    });
    const caseId = opened.json().id;
    await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    repairId = (
      await tech.post(`/api/v1/cases/${caseId}/repairs`, {
        diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      })
    ).json().id;
    const ops = await tech.get(`/api/v1/repairs/${repairId}/operations`);
    expect(ops.statusCode).toBe(200);
    expect(ops.json().items).toEqual(
      expect.arrayContaining([
        {
          operation: 'replace_compressor',
          name: 'Replace compressor',
          nameZh: '更换压缩机',
          partCategory: 'compressor',
          minutes: 360,
        },
      ]),
    );
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await pearl.get(`/api/v1/repairs/${repairId}/operations`)).statusCode).toBe(404);
    // Ruijin's chiller: another customer gets 404.
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/repairs/${repairId}/operations`)).statusCode).toBe(404);
  });

  it('sums what a party bore per month and product; another party’s answers 404', async () => {
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const line = (
      await tech.post(`/api/v1/repairs/${repairId}/parts`, {
        partNumber: 'CMP-900',
        quantity: 1,
        location: 'fixit-consignment',
      })
    ).json().parts[0].lineId;
    await tech.post(`/api/v1/repairs/${repairId}/labor`, { operation: 'replace_compressor', minutes: 360 });
    now = new Date('2026-11-23T08:00:00Z');
    await tech.post(`/api/v1/repairs/${repairId}/visits`, {
      arrivedAt: '2026-11-23T06:00:00Z',
      distanceKm: 45,
      customerSigned: true,
    });
    const done = await tech.post(`/api/v1/repairs/${repairId}/completion`, {
      result: 'fixed',
      parts: [{ lineId: line }],
    });
    expect(done.statusCode).toBe(200);

    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const acme = await manager.get('/api/v1/ledger/cost-by-month?party=acme&from=2026-01-01&to=2026-11-30');
    expect(acme.statusCode).toBe(200);
    const november = acme
      .json()
      .items.filter((i: { month: string; model: string }) => i.month === '2026-11' && i.model === 'CH-900');
    expect(november).toHaveLength(1);
    // The compressor from ACME's consignment stock (§2.3); labour and travel come with FixIt's claim.
    expect(november[0]).toMatchObject({ currency: 'CNY', lines: 1, amountMinor: 1_860_000 });

    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const own = await fixit.get(
      '/api/v1/ledger/cost-by-month?party=fixit-shanghai&from=2026-01-01&to=2026-11-30',
    );
    expect(own.statusCode).toBe(200);
    expect(own.json().items).toEqual([]);
    expect(
      (await fixit.get('/api/v1/ledger/cost-by-month?party=acme&from=2026-01-01&to=2026-11-30')).statusCode,
    ).toBe(404);
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect(
      (await pearl.get('/api/v1/ledger/cost-by-month?party=fixit-shanghai&from=2026-01-01&to=2026-11-30'))
        .statusCode,
    ).toBe(404);
    expect(
      (await pearl.get('/api/v1/ledger/statement?party=fixit-shanghai&from=2026-11-01&to=2026-11-30'))
        .statusCode,
    ).toBe(404);
    expect(
      (await manager.get('/api/v1/ledger/cost-by-month?party=acme&from=2026-12-01&to=2026-11-30')).statusCode,
    ).toBe(400);
  });
});

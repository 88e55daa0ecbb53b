import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Every write of repairs, parts, claims, recovery, returns and the ledger, tried by a second
 * partner (Pearl River, not assigned) and a second customer (Zhang Wei): 404 for what they may not
 * see, 403 for what their role may not do, and nothing changes.
 */
const now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
const ids: {
  caseId?: string;
  repairId?: string;
  lineId?: string;
  claimId?: string;
  defectiveId?: string;
  returnId?: string;
} = {};
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'high',
    serial: 'CH9-2024-00031',
    description: 'Compressor trips.',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  ids.caseId = opened.json().id;
  await agent.post(`/api/v1/cases/${ids.caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
  const tech = await Session.signIn(server.app, 'technician@fixit.example');
  const repair = (
    await tech.post(`/api/v1/cases/${ids.caseId}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    })
  ).json();
  ids.repairId = repair.id;
  const reserved = (
    await tech.post(`/api/v1/repairs/${repair.id}/parts`, {
      partNumber: 'CMP-900',
      quantity: 1,
      location: 'fixit-consignment',
    })
  ).json();
  ids.lineId = reserved.parts[0].lineId;
  await tech.post(`/api/v1/repairs/${repair.id}/visits`, {
    arrivedAt: '2026-11-23T01:30:00Z',
    distanceKm: 40,
    customerSigned: true,
  });
  await tech.post(`/api/v1/repairs/${repair.id}/completion`, {
    result: 'fixed',
    parts: [{ lineId: ids.lineId, serialOut: 'C9-OLD' }],
  });
  const fixit = await Session.signIn(server.app, 'partner@fixit.example');
  ids.claimId = (
    await fixit.post(`/api/v1/repairs/${repair.id}/claim`, {
      lines: [{ kind: 'travel', quantity: 40, amount: '25.00' }],
      evidence: [{ evidence: 'photos', name: 'p.jpg', mediaType: 'image/jpeg', contentBase64: 'AAAA' }],
    })
  ).json().id;
  ids.defectiveId = (await fixit.get('/api/v1/defective-returns')).json().items[0].id;
  const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
  ids.returnId = (
    await ruijin.post(`/api/v1/cases/${ids.caseId}/returns`, { reason: 'other', conditions: {} })
  ).json().id;
});
afterAll(async () => {
  await server?.close();
});

async function snapshot() {
  const db = server.db.deps.db;
  const count = async (
    table:
      | 'cost_lines'
      | 'repair_parts'
      | 'repairs'
      | 'warranty_claims'
      | 'returns'
      | 'stock_movements'
      | 'timeline_entries',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const levels = await db
    .selectFrom('stock_levels')
    .select(['location_id', 'part_number', 'on_hand', 'reserved'])
    .orderBy('location_id')
    .orderBy('part_number')
    .execute();
  return {
    costs: await count('cost_lines'),
    parts: await count('repair_parts'),
    repairs: await count('repairs'),
    claims: await count('warranty_claims'),
    returns: await count('returns'),
    movements: await count('stock_movements'),
    entries: await count('timeline_entries'),
    levels,
  };
}

describe('a second partner and a second customer try every write', () => {
  it('Pearl River (not assigned) gets 404 on FixIt’s case, repair, claim, part return and the brand’s return; 403 on the brand’s work', async () => {
    const before = await snapshot();
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    const r = `/api/v1/repairs/${ids.repairId}`;
    const tries: [string, unknown, number][] = [
      [`/api/v1/cases/${ids.caseId}/repairs`, {}, 404],
      [`${r}/diagnosis`, { partCategory: 'pump', cause: 'misuse' }, 404],
      [`${r}/parts`, { partNumber: 'CMP-900', quantity: 1, location: 'pearl-river-consignment' }, 404],
      [`${r}/labor`, { operation: 'diagnose', minutes: 10 }, 404],
      [`${r}/visits`, { arrivedAt: '2026-11-23T02:00:00Z', distanceKm: 1, customerSigned: false }, 404],
      [`${r}/completion`, { result: 'fixed', parts: [] }, 404],
      [`${r}/claim`, { lines: [{ kind: 'travel', quantity: 1, amount: '1.00' }] }, 404],
      [
        `/api/v1/claims/${ids.claimId}/resubmission`,
        { answer: 'x', lines: [{ kind: 'travel', quantity: 1, amount: '1.00' }] },
        404,
      ],
      // Records Pearl River cannot see are not found, whatever the route would let its role do.
      [`/api/v1/claims/${ids.claimId}/payment`, {}, 404],
      [
        `/api/v1/defective-returns/${ids.defectiveId}/steps`,
        { step: 'shipped', carrier: 'x', waybill: 'y' },
        404,
      ],
      [`/api/v1/returns/${ids.returnId}/decision`, { outcome: 'approve', note: 'x' }, 404],
      [
        `/api/v1/returns/${ids.returnId}/receipt`,
        { receivedQuantity: 1, damagedQuantity: 0, findings: 'x' },
        404,
      ],
      [`/api/v1/cases/${ids.caseId}/returns`, { reason: 'no_reason', conditions: {} }, 404],
      [
        '/api/v1/cost-lines',
        {
          caseId: ids.caseId,
          kind: 'goodwill',
          amount: '1.00',
          currency: 'CNY',
          bearer: 'acme',
          description: 'x',
        },
        403,
      ],
      ['/api/v1/stock/receipts', { location: 'acme-central', partNumber: 'CMP-900', quantity: 1 }, 404],
      [
        '/api/v1/stock/transfers',
        { from: 'fixit-consignment', to: 'pearl-river-consignment', partNumber: 'CB-CH9', quantity: 1 },
        404,
      ],
    ];
    for (const [url, body, status] of tries) {
      const answer = await pearl.post(url, body);
      expect({ url, status: answer.statusCode }).toEqual({ url, status });
    }
    expect((await pearl.get(`/api/v1/returns/${ids.returnId}`)).statusCode).toBe(404);
    expect((await pearl.get(`/api/v1/cost-lines?case=${ids.caseId}`)).json().items).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('Zhang Wei (another customer) gets 404 on Ruijin’s case and return, 403 on stock; nothing changes', async () => {
    const before = await snapshot();
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const tries: [string, unknown, number][] = [
      [`/api/v1/cases/${ids.caseId}/repairs`, {}, 404],
      [
        `/api/v1/repairs/${ids.repairId}/parts`,
        { partNumber: 'CMP-900', quantity: 1, location: 'acme-central' },
        404,
      ],
      [`/api/v1/cases/${ids.caseId}/returns`, { reason: 'no_reason', conditions: {} }, 404],
      [`/api/v1/returns/${ids.returnId}/shipment`, { carrier: 'x', waybill: 'y' }, 404],
      [`/api/v1/recoveries/${ids.claimId}/steps`, { step: 'sent' }, 403],
      ['/api/v1/returns', { serial: 'CH9-2024-00031', reason: 'no_reason', conditions: {} }, 404],
    ];
    for (const [url, body, status] of tries) {
      const answer = await zhang.post(url, body);
      expect({ url, status: answer.statusCode }).toEqual({ url, status });
    }
    expect((await zhang.get(`/api/v1/repairs/${ids.repairId}`)).statusCode).toBe(404);
    expect((await zhang.get('/api/v1/claims')).json().items).toEqual([]);
    expect((await zhang.get('/api/v1/repairs')).json().items).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('the owner, Ruijin, sees its repair and return but not FixIt’s claim; counsel reads and never writes', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get(`/api/v1/repairs/${ids.repairId}`)).statusCode).toBe(200);
    expect((await ruijin.get(`/api/v1/returns/${ids.returnId}`)).statusCode).toBe(200);
    expect((await ruijin.get('/api/v1/claims')).json().items).toEqual([]);
    expect(
      (await ruijin.post(`/api/v1/repairs/${ids.repairId}/labor`, { operation: 'diagnose', minutes: 5 }))
        .statusCode,
    ).toBe(403);
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    expect((await counsel.get(`/api/v1/claims/${ids.claimId}`)).statusCode).toBe(200);
    expect((await counsel.post(`/api/v1/claims/${ids.claimId}/payment`, {})).statusCode).toBe(403);
    expect((await counsel.post(`/api/v1/cases/${ids.caseId}/repairs`, {})).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('supplier recovery: a compressor still inside Ningbo’s 24 months', () => {
  let caseId: string;
  let recoveryId: string;

  it('CH9-2025-00417’s compressor (delivered 2025-06-10) fails in November 2026: recoverable under §8', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2025-00417',
      description: 'Compressor seized. 压缩机卡死。',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    caseId = opened.json().id;
    expect(opened.json().decision).toMatchObject({
      covered: true,
      recoverable_from_supplier: true,
      recovery: { supplier: 'ningbo-motor', until: '2027-06-10', cites: ['§8'] },
    });
    const repair = (
      await agent.post(`/api/v1/cases/${caseId}/repairs`, {
        diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      })
    ).json();
    const reserved = (
      await agent.post(`/api/v1/repairs/${repair.id}/parts`, {
        partNumber: 'CMP-900',
        quantity: 1,
        location: 'acme-central',
      })
    ).json();
    await agent.post(`/api/v1/repairs/${repair.id}/labor`, { operation: 'replace_compressor', minutes: 300 });
    const done = await agent.post(`/api/v1/repairs/${repair.id}/completion`, {
      result: 'fixed',
      parts: [
        { lineId: reserved.parts[0].lineId, serialOut: 'C9-2025-00417-OLD', serialIn: 'C9-2026-80001' },
      ],
    });
    expect(done.statusCode).toBe(200);
    const [recovery] = (await agent.get(`/api/v1/recoveries?case=${caseId}`)).json().items;
    recoveryId = recovery.id;
    expect(recovery).toMatchObject({
      number: 'SR-000001',
      supplier: { key: 'ningbo-motor' },
      agreement: { id: 'ningbo-motor-supply', version: 3 },
      cites: ['§8'],
      partNumber: 'CMP-900',
      serial: 'C9-2025-00417-OLD',
      amount: '18600.00',
      reportBy: '2026-12-23',
      state: 'prepared',
      evidence: { failedPartSerial: 'C9-2025-00417-OLD', coverUntil: '2027-06-10' },
    });
  });

  it('tracked to credit: the credit is borne by Ningbo and owed to ACME, citing §8', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    expect(
      (await manager.post(`/api/v1/recoveries/${recoveryId}/steps`, { step: 'credited', amount: '18600.00' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await manager.post(`/api/v1/recoveries/${recoveryId}/steps`, {
          step: 'sent',
          reference: 'NB-QA-2026-311',
        })
      ).json(),
    ).toMatchObject({ state: 'sent' });
    const credited = await manager.post(`/api/v1/recoveries/${recoveryId}/steps`, {
      step: 'credited',
      amount: '18600.00',
    });
    expect(credited.json()).toMatchObject({
      state: 'credited',
      creditedMinor: 1860000,
      reference: 'NB-QA-2026-311',
    });
    const statement = (
      await manager.get('/api/v1/ledger/statement?party=acme&from=2026-11-01&to=2026-11-30')
    ).json();
    expect(statement.owedBy).toEqual([
      { party: 'ningbo-motor', currency: 'CNY', amountMinor: 1860000, lines: 1 },
    ]);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get('/api/v1/recoveries')).statusCode).toBe(403);
    expect((await fixit.get(`/api/v1/recoveries/${recoveryId}`)).statusCode).toBe(403);
  });
});

/** The first unit of a model sold this year whose service partner is FixIt Shanghai. */
async function fixitUnitSerial(model: string): Promise<string> {
  const unit = await server.db.deps.db
    .selectFrom('units')
    .innerJoin('products', (j) =>
      j
        .onRef('products.product_id', '=', 'units.product_id')
        .onRef('products.tenant_id', '=', 'units.tenant_id'),
    )
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.party_id', '=', 'units.service_party_id')
        .onRef('parties.tenant_id', '=', 'units.tenant_id'),
    )
    .select(['units.serial'])
    .where('products.model', '=', model)
    .where('parties.key', '=', 'fixit-shanghai')
    .where('units.sold_on', '>=', '2026-01-01')
    .orderBy('units.serial')
    .executeTakeFirstOrThrow();
  return unit.serial;
}

/**
 * ACME's agent opens a repair case for the unit (with the failure reported up front, or not) and
 * assigns it to FixIt; FixIt's technician opens the repair with the diagnosis.
 */
async function fixitRepair(
  serial: string,
  description: string,
  diagnosis: { partCategory: string; cause: string },
  options: { reportFailure: boolean },
) {
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'normal',
    serial,
    description,
    ...(options.reportFailure ? { failure: diagnosis } : {}),
  });
  const caseId: string = opened.json().id;
  await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
  const tech = await Session.signIn(server.app, 'technician@fixit.example');
  const repair = (await tech.post(`/api/v1/cases/${caseId}/repairs`, { diagnosis })).json();
  return { agent, tech, opened, caseId, repair };
}

describe('an uncovered repair', () => {
  it('liquid damage on a PureAir in Shanghai: the customer bears parts, labor and travel at FixIt’s rates; FixIt’s claim is rejected citing §4.3', async () => {
    const { agent, tech, opened, caseId, repair } = await fixitRepair(
      await fixitUnitSerial('PA-300'),
      'Water spilled into it. 进水。',
      { partCategory: 'motor', cause: 'liquid_damage' },
      { reportFailure: false },
    );
    expect(repair.decision).toMatchObject({ covered: false, cites: ['§4.3'] });
    // A repair cannot be completed before it is diagnosed; this one is.
    const reserved = (
      await tech.post(`/api/v1/repairs/${repair.id}/parts`, {
        partNumber: 'MTR-45',
        quantity: 1,
        location: 'fixit-van-01',
      })
    ).json();
    await tech.post(`/api/v1/repairs/${repair.id}/labor`, { operation: 'replace_motor', minutes: 45 });
    await tech.post(`/api/v1/repairs/${repair.id}/visits`, {
      arrivedAt: '2026-11-23T01:30:00Z',
      distanceKm: 12,
      customerSigned: true,
    });
    const done = await tech.post(`/api/v1/repairs/${repair.id}/completion`, {
      result: 'fixed',
      parts: [{ lineId: reserved.parts[0].lineId, serialOut: 'M45-OLD' }],
    });
    expect(done.statusCode).toBe(200);
    const lines = (await agent.get(`/api/v1/cost-lines?case=${caseId}`)).json().items;
    const owner = opened.json().customer.key;
    expect(
      lines
        .map(
          (l: {
            kind: string;
            amount: string;
            bearer: { key: string };
            payee: { key: string } | null;
            ref: string;
          }) => [l.kind, l.amount, l.bearer.key, l.payee?.key, l.ref],
        )
        .sort(),
    ).toEqual(
      [
        ['labor', '135.00', owner, 'fixit-shanghai', '§4.3'],
        ['parts', '280.00', owner, 'acme', '§4.3'],
        ['travel', '30.00', owner, 'fixit-shanghai', '§4.3'],
      ].sort(),
    );
    // The old part is the customer's: nothing owed back to ACME.
    expect((await tech.get('/api/v1/defective-returns')).json().items).toEqual([]);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const claim = await fixit.post(`/api/v1/repairs/${repair.id}/claim`, {
      lines: [{ kind: 'labor', item: 'replace_motor', quantity: 45, amount: '135.00' }],
    });
    expect(claim.json()).toMatchObject({
      state: 'rejected',
      decision: { lines: [{ status: 'rejected', ref: '§4.3', reason: 'not_covered' }] },
    });
    // Claims are filed once; an open claim is answered, not filed again.
    expect(
      (
        await fixit.post(`/api/v1/repairs/${repair.id}/claim`, {
          lines: [{ kind: 'travel', quantity: 12, amount: '1.00' }],
        })
      ).statusCode,
    ).toBe(409);
  });

  it('a covered PureAir repair 80 km away: FixIt is paid beyond its free 30 km by ACME, the customer bears the 30 km beyond 50 (§8)', async () => {
    const { agent, tech, opened, caseId, repair } = await fixitRepair(
      await fixitUnitSerial('PA-500'),
      'Fan motor noisy. 电机异响。',
      { partCategory: 'motor', cause: 'manufacturing_defect' },
      { reportFailure: true },
    );
    expect(opened.json().decision).toMatchObject({ covered: true, cites: ['§3.2'] });
    await tech.post(`/api/v1/repairs/${repair.id}/labor`, { operation: 'replace_motor', minutes: 40 });
    await tech.post(`/api/v1/repairs/${repair.id}/visits`, {
      arrivedAt: '2026-11-23T01:30:00Z',
      distanceKm: 80,
      customerSigned: true,
    });
    expect(
      (await tech.post(`/api/v1/repairs/${repair.id}/completion`, { result: 'fixed', parts: [] })).statusCode,
    ).toBe(200);
    const lines = (await agent.get(`/api/v1/cost-lines?case=${caseId}`)).json().items;
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'travel',
        amount: '75.00',
        bearer: expect.objectContaining({ key: opened.json().customer.key }),
        payee: expect.objectContaining({ key: 'acme' }),
        ref: '§8',
      }),
    ]);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const claim = await fixit.post(`/api/v1/repairs/${repair.id}/claim`, {
      lines: [
        { kind: 'labor', item: 'replace_motor', quantity: 40, amount: '120.00' },
        { kind: 'travel', quantity: 80, amount: '125.00' },
      ],
      evidence: [
        {
          evidence: 'photos',
          name: 'motor.jpg',
          mediaType: 'image/jpeg',
          contentBase64: Buffer.from('motor').toString('base64'),
        },
      ],
    });
    expect(claim.json()).toMatchObject({ state: 'approved', approved: '245.00' });
  });
});

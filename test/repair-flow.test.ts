import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * FixIt Shanghai repairs the compressor of CH9-2024-00031, a CH-900 in its third year (installed
 * 2024-02-26; the general 18-month cover ended, the 5-year compressor cover §2.3 runs). Ningbo's
 * 24-month cover of the compressor (delivered 2023-12-20) ended 2025-12-20: nothing to recover.
 * Monday 2026-11-23 09:30 in Shanghai.
 */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const SERIAL = 'CH9-2024-00031';
const photo = {
  evidence: 'photos',
  name: 'compressor.jpg',
  mediaType: 'image/jpeg',
  contentBase64: Buffer.from('burnt winding').toString('base64'),
};

async function openCompressorCase(agent: Session): Promise<string> {
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'critical',
    serial: SERIAL,
    description: 'Compressor trips on start. 压缩机启动跳闸。',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode).toBe(201);
  await agent.post(`/api/v1/cases/${opened.json().id}/assignment`, { servicePartner: 'fixit-shanghai' });
  return opened.json().id;
}

describe('FixIt Shanghai repairs a CH-900 compressor in year three', () => {
  let caseId: string;
  let repairId: string;
  let claimId: string;

  it('the diagnosis keeps it covered by §2.3 and finds nothing recoverable from Ningbo', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    caseId = await openCompressorCase(agent);
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const opened = await tech.post(`/api/v1/cases/${caseId}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect', note: 'winding short' },
    });
    expect(opened.statusCode).toBe(201);
    const repair = opened.json();
    repairId = repair.id;
    expect(repair).toMatchObject({
      number: 'RO-000001',
      state: 'open',
      diagnosis: { partCategory: 'compressor' },
      repeat: { ordinal: 1, raised: false },
    });
    expect(repair.decision).toMatchObject({ covered: true, cites: ['§2.3'] });
    // What ACME may recover from Ningbo is between ACME and Ningbo: the partner is not shown it.
    expect(repair.decision).not.toHaveProperty('recovery');
    const brandView = (await agent.get(`/api/v1/repairs/${repairId}`)).json();
    expect(brandView.decision).toMatchObject({
      covered: true,
      cites: ['§2.3'],
      recoverable_from_supplier: false,
      recovery: { reason: 'expired', until: '2025-12-20' },
    });
  });

  it('the technician takes the compressor from consignment, records labor by standard times and a 45 km visit, and completes', async () => {
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const reserved = await tech.post(`/api/v1/repairs/${repairId}/parts`, {
      partNumber: 'CMP-900',
      quantity: 1,
      location: 'fixit-consignment',
    });
    expect(reserved.statusCode).toBe(200);
    const lineId = reserved.json().parts[0].lineId;
    // An operation outside the model's standard times is refused.
    expect(
      (await tech.post(`/api/v1/repairs/${repairId}/labor`, { operation: 'replace_motor', minutes: 30 }))
        .statusCode,
    ).toBe(400);
    await tech.post(`/api/v1/repairs/${repairId}/labor`, { operation: 'diagnose', minutes: 50 });
    const labor = await tech.post(`/api/v1/repairs/${repairId}/labor`, {
      operation: 'replace_compressor',
      minutes: 400,
    });
    expect(labor.json().labor).toHaveLength(2);
    expect(labor.json().labor).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: 'diagnose', standardMinutes: 60, actualMinutes: 50 }),
        expect.objectContaining({
          operation: 'replace_compressor',
          standardMinutes: 360,
          actualMinutes: 400,
        }),
      ]),
    );
    now = new Date('2026-11-23T10:40:00Z'); // 18:40 in Shanghai
    const visit = { distanceKm: 45, customerSigned: true };
    const visits = async () => (await tech.get(`/api/v1/repairs/${repairId}`)).json().visits.length;
    // Times that cannot be true are refused, naming the field, and nothing is recorded.
    for (const [times, path] of [
      [{ arrivedAt: '2026-11-22T06:00:00Z' }, '/body/arrivedAt'], // before the case was opened
      [{ arrivedAt: '2026-11-23T06:00:00+08:00' }, '/body/arrivedAt'], // 22:00Z the day before: same
      [{ arrivedAt: '2026-11-23T06:00:00Z', leftAt: '2026-11-23T05:00:00Z' }, '/body/leftAt'],
      [{ arrivedAt: '2026-11-23T10:50:00Z' }, '/body/arrivedAt'], // ten minutes ahead of the clock
      [{ arrivedAt: '2026-11-23T06:00:00Z', leftAt: '2026-11-23T13:30:00Z' }, '/body/leftAt'],
    ] as const) {
      const refused = await tech.post(`/api/v1/repairs/${repairId}/visits`, { ...times, ...visit });
      expect(refused.statusCode, JSON.stringify(times)).toBe(400);
      expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual([path]);
      expect(refused.json().detail).toContain('opening');
    }
    expect(await visits()).toBe(0);
    const zh = await tech.request({
      method: 'POST',
      url: `/api/v1/repairs/${repairId}/visits`,
      payload: { arrivedAt: '2026-11-22T06:00:00Z', ...visit },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.json().detail).toContain('上门时间');
    // A device clock a minute or two fast is tolerated.
    const recorded = await tech.post(`/api/v1/repairs/${repairId}/visits`, {
      arrivedAt: '2026-11-23T06:00:00Z',
      leftAt: '2026-11-23T10:42:00Z',
      ...visit,
    });
    expect(recorded.statusCode).toBe(200);
    expect(await visits()).toBe(1);
    const done = await tech.post(`/api/v1/repairs/${repairId}/completion`, {
      result: 'fixed',
      parts: [{ lineId, serialOut: 'C9-2024-00031', serialIn: 'C9-2026-77001' }],
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      state: 'completed',
      result: 'fixed',
      parts: [{ state: 'consumed', serialOut: 'C9-2024-00031', serialIn: 'C9-2026-77001' }],
    });

    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const unitId = done.json().unit.id;
    const unit = (await agent.get(`/api/v1/units/${unitId}`)).json();
    expect(unit.parts).toEqual([expect.objectContaining({ partNumber: 'CMP-900', serial: 'C9-2026-77001' })]);
    const stock = (await agent.get('/api/v1/stock?location=fixit-consignment&part=CMP-900')).json().items[0]
      .levels[0];
    expect(stock).toMatchObject({ onHand: 0, reserved: 0 });
    // The failed compressor goes back to ACME within 30 days (§6 of the partner agreement).
    const defective = (await tech.get('/api/v1/defective-returns')).json().items;
    expect(defective).toEqual([
      expect.objectContaining({
        partNumber: 'CMP-900',
        serial: 'C9-2024-00031',
        dueOn: '2026-12-23',
        ref: '§6',
        state: 'pending',
        overdue: false,
      }),
    ]);
    // The parts cost is ACME's (§2.3), from its own consignment stock; no recovery from Ningbo.
    const lines = (await agent.get(`/api/v1/cost-lines?case=${caseId}`)).json().items;
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'parts',
        amount: '18600.00',
        bearer: expect.objectContaining({ key: 'acme' }),
        payee: null,
        ref: '§2.3',
      }),
    ]);
    expect((await agent.get(`/api/v1/recoveries?case=${caseId}`)).json().items).toEqual([]);
    // The unit's history on one page.
    const history = (await agent.get(`/api/v1/units/${unitId}/history`)).json();
    expect(history.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['maintenance', 'case', 'repair', 'visit', 'part_change']),
    );
    const page = await agent.get(`/api/v1/units/${unitId}/history?format=html`);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('C9-2024-00031 → C9-2026-77001');
    expect(page.body).toContain('服务履历');
    expect(
      (
        await (
          await Session.signIn(server.app, 'partner@pearlriver.example')
        ).get(`/api/v1/units/${unitId}/history`)
      ).statusCode,
    ).toBe(404);
    expect(history.events.find((e: { kind: string }) => e.kind === 'part_change')).toMatchObject({
      serialOut: 'C9-2024-00031',
      serialIn: 'C9-2026-77001',
    });
  });

  it('FixIt claims too much: partly approved line by line, at its agreement’s rates, each line with its ref', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const filed = await fixit.post(`/api/v1/repairs/${repairId}/claim`, {
      lines: [
        { kind: 'labor', item: 'diagnose', quantity: 50, amount: '150.00' },
        { kind: 'labor', item: 'replace_compressor', quantity: 400, amount: '1200.00' },
        { kind: 'travel', quantity: 45, amount: '112.50' },
        { kind: 'parts', item: 'CMP-900', quantity: 1, amount: '18600.00' },
      ],
      evidence: [photo],
    });
    expect(filed.statusCode).toBe(201);
    const claim = filed.json();
    claimId = claim.id;
    expect(claim).toMatchObject({
      number: 'WC-000001',
      state: 'partly_approved',
      approved: '1267.50',
      claimed: '20062.50',
      payBy: '2027-01-07',
    });
    expect(claim.decision.missingEvidence).toEqual([]);
    expect(
      claim.decision.lines.map(
        (l: { status: string; approvedMinor: number; ref: string; reason: string }) => [
          l.status,
          l.approvedMinor,
          l.ref,
          l.reason,
        ],
      ),
    ).toEqual([
      ['approved', 15000, '§5', 'at_agreed_rate'],
      ['reduced', 108000, '§5', 'capped_at_standard_time'],
      ['reduced', 3750, '§5', 'beyond_free_km'],
      ['rejected', 0, '§6', 'consignment_stock'],
    ]);
    expect(claim.decision.lines[2].explanation.en).toBe(
      '45 km recorded, the first 30 free; 15 km at 2.5 CNY/km.',
    );
  });

  it('FixIt answers and resubmits at the agreement’s rates: approved; the ledger reverses and rebooks', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const again = await fixit.post(`/api/v1/claims/${claimId}/resubmission`, {
      answer: 'Corrected to standard times and the free 30 km. 已按标准工时和免费里程更正。',
      lines: [
        { kind: 'labor', item: 'diagnose', quantity: 50, amount: '150.00' },
        { kind: 'labor', item: 'replace_compressor', quantity: 360, amount: '1080.00' },
        { kind: 'travel', quantity: 45, amount: '37.50' },
      ],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ state: 'approved', revision: 2, approved: '1267.50' });

    const statement = (
      await fixit.get('/api/v1/ledger/statement?party=fixit-shanghai&from=2026-11-01&to=2026-11-30')
    ).json();
    expect(statement.owedBy).toEqual([{ party: 'acme', currency: 'CNY', amountMinor: 126750, lines: 9 }]);
    const csv = await fixit.get(
      '/api/v1/ledger/statement?party=fixit-shanghai&from=2026-11-01&to=2026-11-30&format=csv',
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('1080.00');
    expect(csv.body).toContain('-1080.00');
    // FixIt cannot read ACME's statement, nor Pearl River FixIt's claim.
    expect(
      (await fixit.get('/api/v1/ledger/statement?party=acme&from=2026-11-01&to=2026-11-30')).statusCode,
    ).toBe(404);
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await pearl.get(`/api/v1/claims/${claimId}`)).statusCode).toBe(404);
    expect((await pearl.get(`/api/v1/repairs/${repairId}`)).statusCode).toBe(404);
    expect(
      (
        await pearl.post(`/api/v1/claims/${claimId}/resubmission`, {
          answer: 'x',
          lines: [{ kind: 'travel', quantity: 1, amount: '1.00' }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await pearl.get('/api/v1/defective-returns')).json().items).toEqual([]);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get(`/api/v1/claims/${claimId}`)).statusCode).toBe(404);
    expect(
      (
        await ruijin.post(`/api/v1/repairs/${repairId}/claim`, {
          lines: [{ kind: 'travel', quantity: 1, amount: '1.00' }],
        })
      ).statusCode,
    ).toBe(403);
    expect((await ruijin.get(`/api/v1/repairs/${repairId}`)).statusCode).toBe(200);
  });

  it('ACME’s statement: labor and travel owed to FixIt, the compressor it bore itself', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const statement = (
      await manager.get('/api/v1/ledger/statement?party=acme&from=2026-11-01&to=2026-11-30')
    ).json();
    expect(statement.owesTo).toEqual([
      { party: 'fixit-shanghai', currency: 'CNY', amountMinor: 126750, lines: 9 },
    ]);
    expect(statement.bore).toEqual(
      expect.arrayContaining([
        { currency: 'CNY', kind: 'parts', amountMinor: 1860000, lines: 1 },
        { currency: 'CNY', kind: 'travel', amountMinor: 3750, lines: 3 },
      ]),
    );
    const paid = await manager.post(`/api/v1/claims/${claimId}/payment`, { reference: 'BANK-20261130-01' });
    expect(paid.json()).toMatchObject({ state: 'paid' });
  });

  it('FixIt ships the failed compressor back before the deadline; ACME receives it', async () => {
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const [pending] = (await tech.get('/api/v1/defective-returns?open=true')).json().items;
    const shipped = await tech.post(`/api/v1/defective-returns/${pending.id}/steps`, {
      step: 'shipped',
      carrier: 'SF Express',
      waybill: 'SF9988776655',
    });
    expect(shipped.json()).toMatchObject({
      state: 'shipped',
      late: false,
      shipment: { waybill: 'SF9988776655' },
    });
    expect(
      (await tech.post(`/api/v1/defective-returns/${pending.id}/steps`, { step: 'received' })).statusCode,
    ).toBe(403);
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    expect(
      (await manager.post(`/api/v1/defective-returns/${pending.id}/steps`, { step: 'received' })).json(),
    ).toMatchObject({ state: 'received' });
  });

  it('a second repair of the same compressor within 30 days raises the repeat-failure rule (§7); a third offers replacement', async () => {
    now = new Date('2026-12-01T02:00:00Z');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const second = await agent.post(`/api/v1/cases/${await openCompressorCase(agent)}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(second.json().repeat).toMatchObject({
      ordinal: 2,
      raised: true,
      offerReplacement: false,
      escalation: { level: 'management', ref: '§7' },
      cites: ['§7'],
    });
    const escalations = await server.db.deps.db
      .selectFrom('escalations')
      .select(['level', 'ref', 'trigger'])
      .where('case_id', '=', second.json().caseId)
      .execute();
    expect(escalations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'management',
          ref: '§7',
          trigger: { repeat_failures: 2, within: 'P30D' },
        }),
      ]),
    );
    // A different fault on the unit is not a repeat.
    const other = await agent.post(`/api/v1/cases/${second.json().caseId}/repairs`, {
      diagnosis: { partCategory: 'pump', cause: 'manufacturing_defect' },
    });
    expect(other.json().repeat).toMatchObject({ ordinal: 1, raised: false });
    now = new Date('2026-12-03T02:00:00Z');
    const agent2 = await Session.signIn(server.app, 'agent@acme.example');
    const third = await agent2.post(`/api/v1/cases/${await openCompressorCase(agent2)}/repairs`, {
      diagnosis: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(third.json().repeat).toMatchObject({
      ordinal: 3,
      raised: true,
      offerReplacement: true,
      cites: ['§7', '§2'],
    });
    expect(third.json().repeat.explanation.zh).toContain('换货');
  });

  it('every step is on the evidence record, and the chain verifies', async () => {
    const types = (
      await server.db.deps.db
        .selectFrom('timeline_entries')
        .select('entry_type')
        .where('subject_id', '=', caseId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.entry_type);
    expect(types).toEqual(
      expect.arrayContaining([
        'case.redecided',
        'repair.opened',
        'repair.diagnosed',
        'repair.part_reserved',
        'repair.labor_recorded',
        'repair.visit_recorded',
        'repair.completed',
        'claim.submitted',
        'claim.decided',
        'claim.resubmitted',
        'claim.paid',
      ]),
    );
    expect((await verifyEvidence(server.db.deps, server.tenantId)).ok).toBe(true);
  });

  it('the case’s dossier carries its cost lines with bearer, payee and clause', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const zip = await counsel.get(`/api/v1/cases/${caseId}/dossier`);
    expect(zip.statusCode).toBe(200);
    const costs = JSON.parse(await readEntry(zip.rawPayload, 'costs.json'));
    expect(costs.lines.filter((l: { reversesLineId: string | null }) => l.reversesLineId === null)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'parts', amount: '18600.00', ref: '§2.3' }),
        expect.objectContaining({
          kind: 'travel',
          amount: '37.50',
          ref: '§5',
          payee: expect.objectContaining({ key: 'fixit-shanghai' }),
        }),
      ]),
    );
  });
});

function readEntry(buffer: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (b: Buffer) => parts.push(b));
          stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the zip`)));
      zip.readEntry();
    });
  });
}

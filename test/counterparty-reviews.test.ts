import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processDueDeadlines } from '../src/app/deadlines/process-due-deadlines.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Issue 16, the escalation ladder and the supplier review, on the Ningbo flow of
 * test/disputes.test.ts: three compressors fail, Ningbo misses its §9 P2D response twice, a notice
 * goes out and its cure period runs out, a matter opens and settles. At each step the ladder's
 * standing is read back; then the quarter's scorecard is checked figure by figure against the
 * record, saved as a review with a follow-up, and compared with the quarter before. Another
 * supplier, Ningbo itself and a partner get 404 for all of it.
 */
let now = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

let agent: Session;
const at = async (iso: string) => {
  now = new Date(iso);
  agent = await Session.signIn(server.app, 'agent@acme.example');
};
const put = (s: Session, url: string, payload: unknown) =>
  s.request({ method: 'PUT', url, payload: payload as Record<string, unknown> });
const standing = async () =>
  (await agent.get('/api/v1/counterparties/ningbo-motor/escalation-standing')).json();

const LADDER = {
  contacts: [
    {
      level: 'service_manager',
      name: 'Chen Jing 陈静',
      title: 'After-sales service manager',
      email: 'service@ningbo.example',
      phone: '+86 574 8000 1001',
      languages: ['zh', 'en'],
    },
    {
      level: 'management',
      name: 'Wang Lei 王磊',
      title: 'General manager',
      email: 'gm@ningbo.example',
      languages: ['zh'],
    },
    { level: 'legal', name: 'Li Na 李娜', title: 'Counsel, Zhejiang Heng Law Firm', languages: ['zh', 'en'] },
  ],
};

describe(`escalation ladder and supplier review on ${ENGINE}`, () => {
  const caseIds: string[] = [];
  const caseNumbers: string[] = [];
  let requestId: string;
  let noticeId: string;
  let reviewId: string;

  it('the ladder of Ningbo: contacts per level, each level’s condition read from the supply agreement', async () => {
    agent = await Session.signIn(server.app, 'agent@acme.example');
    const bad = await put(agent, '/api/v1/counterparties/ningbo-motor/escalation-ladder', {
      contacts: [{ level: 'ceo', name: 'x', title: 'x' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('service_manager');
    const set = await put(agent, '/api/v1/counterparties/ningbo-motor/escalation-ladder', LADDER);
    expect(set.statusCode, set.body).toBe(200);
    const ladder = set.json();
    expect(ladder).toMatchObject({ side: 'supplier', agreement: { id: 'ningbo-motor-supply' } });
    expect(ladder.levels.map((l: { level: string }) => l.level)).toEqual([
      'service_manager',
      'management',
      'legal',
    ]);
    const [first, management, legal] = ladder.levels;
    expect(first.contacts[0]).toMatchObject({ name: 'Chen Jing 陈静', phone: '+86 574 8000 1001' });
    expect(management.trigger).toMatchObject({ on: 'missed_commitment', ref: '§9' });
    expect(management.trigger.mayBeginWhen.en).toContain('2 business days');
    // Ningbo has no escalation clause and §15 names no cure period: both are findings.
    expect(management.trigger.finding.en).toMatch(/no escalation clause/);
    expect(legal.trigger).toMatchObject({ on: 'cure_expired', ref: '§15' });
    expect(legal.trigger.finding.en).toMatch(/names no cure period/);
    const read = (await agent.get('/api/v1/counterparties/ningbo-motor/escalation-ladder')).json();
    expect(read.levels[2].contacts[0].name).toBe('Li Na 李娜');
    expect(await standing()).toMatchObject({ reached: null, next: 'service_manager', nextMayBegin: true });
  });

  it('three compressors fail, a support request goes to the service level, two §9 responses are missed: management may begin', async () => {
    const units = await server.db.deps.db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .select('units.serial')
      .where('products.model', '=', 'CH-900')
      .where('units.serial', '<>', 'CH9-2025-00417')
      .orderBy('units.serial')
      .limit(3)
      .execute();
    for (const u of units) {
      const opened = await agent.post('/api/v1/cases', {
        kind: 'repair',
        severity: 'high',
        serial: u.serial,
        description: 'Compressor CMP-900 seized. 压缩机卡死。',
        failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      caseIds.push(opened.json().id);
      caseNumbers.push(opened.json().number);
      for (const [kind, amount, ref] of [
        ['parts', '5200.00', '§2.3'],
        ['labor', '1080.00', '§6'],
      ] as const) {
        const line = await agent.post('/api/v1/cost-lines', {
          caseId: opened.json().id,
          kind,
          amount,
          currency: 'CNY',
          bearer: 'acme',
          ref,
          description: kind === 'parts' ? 'CMP-900 compressor replaced' : 'replace_compressor, 6 h',
        });
        expect(line.statusCode, line.body).toBe(201);
      }
    }
    const opened = await agent.post('/api/v1/supplier-requests', {
      supplier: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      caseId: caseIds[0],
      subject: 'CMP-900 compressors seizing (3 units)',
      body: 'Please send your failure analysis. 请提供失效分析。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    requestId = opened.json().id;
    expect(await standing()).toMatchObject({
      reached: 'service_manager',
      next: 'management',
      nextMayBegin: false,
      facts: { requests: 1, missed: 0 },
    });

    await at('2026-11-25T03:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const reminder = await agent.post(`/api/v1/supplier-requests/${requestId}/messages`, {
      body: 'Reminder: your answer was due under §9. 提醒：按第9条应已答复。',
    });
    expect(reminder.statusCode).toBe(200);
    await at('2026-11-27T04:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const s = await standing();
    expect(s).toMatchObject({
      reached: 'service_manager',
      next: 'management',
      nextMayBegin: true,
      trigger: { ref: '§9' },
      facts: { missed: 2 },
    });
    expect(s.contactsNext.map((c: { name: string }) => c.name)).toEqual(['Wang Lei 王磊']);
  });

  it('a notice is sent (management reached); legal may begin only when its cure period runs out', async () => {
    const drawn = await agent.post('/api/v1/notices', {
      kind: 'breach',
      to: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      requestIds: [requestId],
      caseIds,
      remedy: { en: 'Refund the three compressors and the labour.', zh: '退还三台压缩机货款及人工费用。' },
      amount: '18840.00',
      curePeriod: 'P15D',
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    noticeId = drawn.json().id;
    const sent = await agent.post(`/api/v1/notices/${noticeId}/send`, {
      method: 'recorded_delivery',
      carrier: 'SF Express',
      waybill: 'SF1234567890',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await standing()).toMatchObject({ reached: 'management', next: 'legal', nextMayBegin: false });

    await at('2026-12-13T01:00:00Z');
    expect((await processDueDeadlines(server.db.deps)).breaches).toBe(1);
    const s = await standing();
    expect(s).toMatchObject({
      reached: 'management',
      next: 'legal',
      nextMayBegin: true,
      trigger: { ref: '§15' },
      facts: { noticesSent: 1, cureExpired: [{ number: 'N-000001', at: '2026-12-12T16:00:00.000Z' }] },
    });
    expect(s.trigger.finding.en).toMatch(/period the sender set/);
    expect(s.contactsNext.map((c: { name: string }) => c.name)).toEqual(['Li Na 李娜']);
  });

  it('a matter opens (legal reached, the top), is claimed from the ledger and settled', async () => {
    const opened = await agent.post('/api/v1/disputes', {
      title: 'CMP-900 compressor failures',
      counterparty: 'ningbo-motor',
      agreement: 'ningbo-motor-supply',
      caseIds,
      noticeIds: [noticeId],
      requestIds: [requestId],
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const matterId = opened.json().id;
    const claimed = (await agent.post(`/api/v1/disputes/${matterId}/claim`, {})).json();
    expect(claimed.claimed.amountMinor).toBe(1_884_000);
    expect(await standing()).toMatchObject({ reached: 'legal', next: null, nextMayBegin: false });
    const settled = await agent.post(`/api/v1/disputes/${matterId}/settlement`, {
      agreed: '15000.00',
      terms: 'Ningbo credits 15,000.00 against the next invoice.',
      signedOn: '2026-12-20',
    });
    expect(settled.statusCode, settled.body).toBe(200);
  });

  it('the 2026 Q4 scorecard, figure by figure, beside Q3', async () => {
    await at('2026-12-21T02:00:00Z');
    const bad = await agent.get('/api/v1/counterparties/ningbo-motor/scorecard?quarter=2026Q5');
    expect(bad.statusCode).toBe(400);
    const noPeriod = await agent.get('/api/v1/counterparties/ningbo-motor/scorecard');
    expect(noPeriod.statusCode).toBe(400);
    const res = await agent.get('/api/v1/counterparties/ningbo-motor/scorecard?quarter=2026Q4');
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card.period).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(card.previousPeriod).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    // By hand: of the three CH-900 units that failed, CH9-2024-00031 and CH9-2025-01013 record a
    // CMP-900 compressor delivered by Ningbo; CH9-2025-00981 records no compressor, so its failure
    // is nobody's part. The demo has no other failure of a Ningbo part this quarter.
    expect(card.failuresByPart).toEqual([
      {
        partNumber: 'CMP-900',
        partCategory: 'compressor',
        failures: 2,
        cases: [caseNumbers[0], caseNumbers[2]],
      },
    ]);
    // Two messages to Ningbo, both unanswered past their P2D: two missed, none answered, no median.
    // Claimed: the matter's 18,840.00; recovered: the settlement's 15,000.00 credit borne by Ningbo;
    // 15000 / 18840 = 79.6 %. One notice sent; the only matter is settled, so none is open.
    expect(card.figures).toMatchObject({
      failures: 2,
      responsesOnTime: 0,
      responsesLate: 0,
      responsesMissed: 2,
      medianResponseHours: null,
      commitmentsMet: null,
      claimedMinor: 1_884_000,
      recoveredMinor: 1_500_000,
      recoveryRatePercent: 79.6,
      noticesSent: 1,
      openDisputes: 0,
    });
    expect(card.previousFigures).toMatchObject({
      responsesMissed: 0,
      claimedMinor: 0,
      recoveredMinor: 0,
      noticesSent: 0,
    });
    const rows = Object.fromEntries(card.rows.map((r: { key: string }) => [r.key, r]));
    expect(rows.recoveredMinor).toMatchObject({
      currentText: '15000.00',
      previousText: '0.00',
      changeText: '+15000.00',
      trend: 'better',
    });
    expect(rows.responsesMissed).toMatchObject({ current: 2, previous: 0, change: 2, trend: 'worse' });
    expect(rows.responsesMissed.label.zh).toBe('未答复');
  });

  it('saved as a review with a follow-up, the follow-up marked done; the figures stay as saved', async () => {
    const saved = await agent.post('/api/v1/counterparty-reviews', {
      party: 'ningbo-motor',
      quarter: '2026Q4',
      notes: 'Ningbo answered nothing within §9 this quarter. 本季度宁波未在第9条时限内答复。',
      followUps: [
        { text: 'Agree a named support engineer with Ningbo', owner: 'Zhou Min', dueOn: '2027-01-15' },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const review = saved.json();
    reviewId = review.id;
    expect(review).toMatchObject({
      number: 'RV-000001',
      period: { from: '2026-10-01', to: '2026-12-31' },
      previousReview: null,
      figures: { responsesMissed: 2, recoveredMinor: 1_500_000 },
      followUps: [{ owner: 'Zhou Min', dueOn: '2027-01-15', done: false }],
    });
    const badDate = await agent.patch(`/api/v1/counterparty-reviews/${reviewId}`, {
      followUps: [{ text: 'x', owner: 'y', dueOn: '15/01/2027' }],
    });
    expect(badDate.statusCode).toBe(400);
    const done = await agent.patch(`/api/v1/counterparty-reviews/${reviewId}`, {
      followUps: [{ ...review.followUps[0], done: true }],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().followUps[0]).toMatchObject({ id: review.followUps[0].id, done: true });
    expect(done.json().figures).toEqual(review.figures);
    const list = (await agent.get('/api/v1/counterparty-reviews?party=ningbo-motor')).json();
    expect(list.items.map((r: { number: string }) => r.number)).toEqual(['RV-000001']);
    // A review of the quarter after finds this one as its previous period's review.
    const next = await agent.post('/api/v1/counterparty-reviews', {
      party: 'ningbo-motor',
      quarter: '2027Q1',
    });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().previousReview).toEqual({ id: reviewId, number: 'RV-000001' });
    expect(next.json().previousFigures.responsesMissed).toBe(2);
  });

  it('a partner’s scorecard counts its commitment clocks; the supplier-only figures are left out', async () => {
    const res = await agent.get(
      '/api/v1/counterparties/fixit-shanghai/scorecard?from=2026-11-01&to=2026-12-31',
    );
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({ side: 'partner', previousPeriod: { from: '2026-09-01', to: '2026-10-31' } });
    expect(card.figures).toMatchObject({ failures: null, responsesMissed: null });
    expect(typeof card.figures.commitmentsMet).toBe('number');
    const ladder = (await agent.get('/api/v1/counterparties/fixit-shanghai/escalation-ladder')).json();
    expect(ladder.levels[1].trigger).toMatchObject({ ref: '§7', on: 'missed_commitment' });
    expect(ladder.levels[2].trigger).toMatchObject({ ref: '§10', finding: null });
    expect(ladder.levels[2].trigger.mayBeginWhen.en).toContain('15 days');
  });

  it('scope: Ningbo itself, another supplier and a partner get 404 for ladders, standing, scorecards and reviews', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    expect(
      (
        await admin.post('/api/v1/parties', {
          key: 'suzhou-valves',
          name: 'Suzhou Valves',
          roles: ['supplier'],
        })
      ).statusCode,
    ).toBe(201);
    for (const [email, party] of [
      ['service@ningbo.example', 'ningbo-motor'],
      ['service@suzhou-valves.example', 'suzhou-valves'],
    ]) {
      const created = await admin.post('/api/v1/users', {
        email,
        name: email,
        role: 'partner',
        party,
        password: 'long-enough-pw',
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const ningbo = await Session.signIn(server.app, 'service@ningbo.example', 'long-enough-pw');
    const other = await Session.signIn(server.app, 'service@suzhou-valves.example', 'long-enough-pw');
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    for (const s of [ningbo, other, fixit]) {
      for (const url of [
        '/api/v1/counterparties',
        '/api/v1/counterparties/ningbo-motor/escalation-ladder',
        '/api/v1/counterparties/ningbo-motor/escalation-standing',
        '/api/v1/counterparties/ningbo-motor/scorecard?quarter=2026Q4',
        '/api/v1/counterparties/fixit-shanghai/escalation-ladder',
        '/api/v1/counterparty-reviews?party=ningbo-motor',
        `/api/v1/counterparty-reviews/${reviewId}`,
      ]) {
        expect((await s.get(url)).statusCode, url).toBe(404);
      }
      expect((await put(s, '/api/v1/counterparties/ningbo-motor/escalation-ladder', LADDER)).statusCode).toBe(
        404,
      );
      expect(
        (await s.post('/api/v1/counterparty-reviews', { party: 'ningbo-motor', quarter: '2026Q4' }))
          .statusCode,
      ).toBe(404);
      expect((await s.patch(`/api/v1/counterparty-reviews/${reviewId}`, { notes: 'x' })).statusCode).toBe(
        404,
      );
    }
    // Staff see only counterparties: a customer is no counterparty.
    expect((await agent.get('/api/v1/counterparties/ruijin-hospital/escalation-ladder')).statusCode).toBe(
      404,
    );
    const list = (await agent.get('/api/v1/counterparties')).json();
    expect(list.items.map((c: { key: string }) => c.key).sort()).toEqual(
      expect.arrayContaining(['fixit-shanghai', 'ningbo-motor', 'pearl-river-service']),
    );
  });
});

describe(`answers count on the scorecard (${ENGINE})`, () => {
  it('Ningbo answers six hours after a new message: on time, the missed ones late, and the median', async () => {
    const staff = await Session.signIn(server.app, 'agent@acme.example');
    const requests = (await staff.get('/api/v1/supplier-requests')).json().items;
    const asked = await staff.post(`/api/v1/supplier-requests/${requests[0].id}/messages`, {
      body: 'Please confirm the credit note. 请确认贷项通知单。',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    await at('2026-12-21T08:00:00Z');
    const ningbo = await Session.signIn(server.app, 'service@ningbo.example', 'long-enough-pw');
    const answered = await ningbo.post(`/api/v1/supplier-requests/${requests[0].id}/messages`, {
      body: 'Confirmed. 已确认。',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const card = (await agent.get('/api/v1/counterparties/ningbo-motor/scorecard?quarter=2026Q4')).json();
    // By hand: the answer answers every message still waiting. The first (sent 23 Nov 02:00Z)
    // waited 28 days 6 h = 678 h, the reminder (25 Nov 03:00Z) 26 days 5 h = 629 h, both past
    // their P2D: late; the new one 6 h, within 2 business days: on time. Median of 6, 629, 678: 629.
    expect(card.figures).toMatchObject({
      responsesOnTime: 1,
      responsesLate: 2,
      responsesMissed: 0,
      medianResponseHours: 629,
    });
    // The saved review keeps the figures it was saved with.
    const saved = (await agent.get('/api/v1/counterparty-reviews?party=ningbo-motor')).json().items;
    const q4 = saved.find((r: { number: string }) => r.number === 'RV-000001');
    expect(q4.figures).toMatchObject({ responsesMissed: 2, responsesLate: 0 });
  });
});

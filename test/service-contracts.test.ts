import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRenewalReminders } from '../src/app/contract/index.ts';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

/**
 * Issue 18 across the layers, on the demo: Ruijin Hospital's maintenance contract adds to the
 * warranty of its two chillers; a PA-500 out of warranty is quoted, accepted, repaired, invoiced
 * with its fapiao data and paid, and a declined quote stops the work; an extended warranty bought
 * in the portal extends the cover the warranty check shows and is offered for renewal before its
 * end. Monday 2026-11-23 09:30 in Shanghai.
 */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
let admin: Session;
let agent: Session;
let ruijin: Session;
let zhang: Session;
const contractFile = (name: string) => ({
  name,
  text: fs.readFileSync(path.join(EXAMPLES_DIR, 'contracts', name), 'utf8'),
});

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  admin = await Session.signIn(server.app, 'admin@acme.example');
  agent = await Session.signIn(server.app, 'agent@acme.example');
  ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
  zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
  const imported = await admin.post('/api/v1/agreements/import', {
    files: [contractFile('ruijin-chiller-maintenance.yaml'), contractFile('acme-pureair-extended.yaml')],
  });
  expect(imported.statusCode, imported.body).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const decide = (serial: string, date: string, partCategory: string) =>
  agent.post('/api/v1/entitlements/decide', {
    unit: { serial },
    failure: {
      reported_at: `${date}T10:00:00+08:00`,
      part_category: partCategory,
      cause: 'manufacturing_defect',
    },
  });

describe('cover adds up: Ruijin Hospital’s maintenance contract (effective 2026-11-01) and the warranty', () => {
  const contractIds: string[] = [];

  /** A high-severity breakdown on a chiller, opened now: its promise clocks as the case shows them. */
  const openBreakdown = async (serial: string) => {
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial,
      description: 'Chiller stopped, alarm E12. 冷水机组停机，报警 E12。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const clocks = (
      opened.json().clocks as {
        side: string;
        target: string;
        agreement: { id: string };
        ref: string;
        duration: string;
        dueAt: string;
      }[]
    )
      .filter((c) => c.side === 'promise')
      .map((c) => [c.target, c.agreement.id, c.ref, c.duration, c.dueAt]);
    return { id: opened.json().id as string, clocks };
  };

  it('before the contract is sold, a case on CH9-2025-00417 runs on the warranty’s service levels (§4)', async () => {
    const { clocks } = await openBreakdown('CH9-2025-00417');
    expect(clocks.map((c) => c.slice(0, 4))).toEqual([
      ['onsite', 'acme-chiller-b2b-cn', '§4', 'PT48H'],
      ['resolution', 'acme-chiller-b2b-cn', '§4', 'P5D'],
      ['response', 'acme-chiller-b2b-cn', '§4', 'PT4H'],
    ]);
    // Four business hours from Monday 09:30 in Shanghai, past the lunch hour: 14:30.
    expect(clocks.find((c) => c[0] === 'response')?.[4]).toBe('2026-11-23T06:30:00.000Z');
  });

  it('the agent sells the contract to both chillers, each with its start, end, price and service level', async () => {
    for (const serial of ['CH9-2025-00417', 'CH9-2024-00031']) {
      const sold = await agent.post('/api/v1/unit-contracts', {
        serial,
        agreement: 'ruijin-chiller-maintenance',
        startsOn: '2026-11-01',
        endsOn: serial === 'CH9-2024-00031' ? '2028-10-31' : '2027-10-31',
        price: '48000',
        currency: 'CNY',
        serviceLevel: 'On site within 24 hours',
        ...(serial === 'CH9-2024-00031' ? { incidents: 2 } : {}),
      });
      expect(sold.statusCode, sold.body).toBe(201);
      expect(sold.json()).toMatchObject({ serial, price: '48000.00', channel: 'agent', state: 'active' });
      contractIds.push(sold.json().id);
    }
  });

  it('with the contract, a case on CH9-2025-00417 keeps the contract’s sooner response and on-site promises (MC§4), cited, and the warranty’s resolution (§4)', async () => {
    const { id, clocks } = await openBreakdown('CH9-2025-00417');
    expect(clocks).toEqual([
      // Around the clock: 24 hours from Monday 09:30 in Shanghai, not 48 business hours.
      ['onsite', 'ruijin-chiller-maintenance', 'MC§4', 'PT24H', '2026-11-24T01:30:00.000Z'],
      ['resolution', 'acme-chiller-b2b-cn', '§4', 'P5D', expect.any(String)],
      // 2 hours (11:30), where the warranty promised 4 business hours (due 14:30).
      ['response', 'ruijin-chiller-maintenance', 'MC§4', 'PT2H', '2026-11-23T03:30:00.000Z'],
    ]);
    // The opening's evidence says which promises were compared and passed over.
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('entry_type', '=', 'case.opened')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    const payload = typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload;
    expect(payload.clocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: 'response',
          ref: 'MC§4',
          agreement: 'ruijin-chiller-maintenance@1',
        }),
      ]),
    );
    expect(payload.promisesPassedOver).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: 'response',
          ref: '§4',
          duration: 'PT4H',
          dueAt: '2026-11-23T06:30:00.000Z',
        }),
        expect.objectContaining({ target: 'onsite', ref: '§4', duration: 'PT48H' }),
      ]),
    );
  });

  it('CH9-2025-00417: a control board in November 2026 is covered by the warranty (§2) and the contract (MC§2), both cited', async () => {
    const d = (await decide('CH9-2025-00417', '2026-11-20', 'control_board')).json();
    expect(d.covered).toBe(true);
    expect(d.cites).toEqual(['§2', 'MC§2']);
    expect(
      d.agreements.map((a: { agreement: { id: string }; role: string }) => [a.agreement.id, a.role]),
    ).toEqual([
      ['acme-chiller-b2b-cn', 'primary'],
      ['ruijin-chiller-maintenance', 'contributing'],
    ]);
  });

  it('CH9-2024-00031: the compressor keeps the warranty’s §2.3 and adds the contract; the control board is the contract’s alone, through its effective_to', async () => {
    const compressor = (await decide('CH9-2024-00031', '2026-11-20', 'compressor')).json();
    expect(compressor).toMatchObject({
      covered: true,
      cites: ['§2.3', 'MC§2'],
      agreement: { id: 'acme-chiller-b2b-cn' },
    });
    expect(compressor.costs).toEqual({ parts: 'acme', labor: 'acme', travel: 'acme', shipping: 'acme' });
    const board = (await decide('CH9-2024-00031', '2026-11-20', 'control_board')).json();
    expect(board).toMatchObject({
      covered: true,
      cites: ['MC§2'],
      agreement: { id: 'ruijin-chiller-maintenance' },
    });
    expect(board.costs).toEqual({
      parts: 'ruijin-hospital',
      labor: 'acme',
      travel: 'acme',
      shipping: 'acme',
    });
    // Sold through 2028-10-31, but the contract's terms end 2027-10-31.
    expect(board.covered_through.general).toBe('2027-10-31');
    const after = (await decide('CH9-2024-00031', '2027-11-02', 'control_board')).json();
    expect(after.covered).toBe(false);
  });

  it('the hospital’s warranty check lists both agreements', async () => {
    const w = (await ruijin.get('/api/v1/warranty/CH9-2024-00031')).json();
    expect(w.covers.map((c: { agreement: { id: string } }) => c.agreement.id)).toEqual([
      'acme-chiller-b2b-cn',
      'ruijin-chiller-maintenance',
    ]);
    expect(w.parts.find((p: { partCategory: string }) => p.partCategory === 'control_board')).toMatchObject({
      covered: true,
      lastDay: '2027-10-31',
    });
  });

  it('another customer gets 404 on the hospital’s contracts and finds none in its list', async () => {
    expect((await zhang.get(`/api/v1/unit-contracts/${contractIds[0]}`)).statusCode).toBe(404);
    expect((await zhang.get('/api/v1/unit-contracts?serial=CH9-2024-00031')).json().items).toEqual([]);
    expect((await ruijin.get('/api/v1/unit-contracts')).json().items).toHaveLength(2);
  });
  it('a repair done under the contract counts one of its incidents down', async () => {
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2024-00031',
      description: 'Control board fault E07. 控制板故障 E07。',
      failure: { partCategory: 'control_board', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().decision).toMatchObject({ covered: true, cites: ['MC§2'] });
    const repair = (await agent.post(`/api/v1/cases/${opened.json().id}/repairs`, {})).json();
    await agent.post(`/api/v1/repairs/${repair.id}/diagnosis`, {
      partCategory: 'control_board',
      cause: 'manufacturing_defect',
    });
    const done = await agent.post(`/api/v1/repairs/${repair.id}/completion`, { result: 'fixed', parts: [] });
    expect(done.statusCode, done.body).toBe(200);
    const contract = (await ruijin.get(`/api/v1/unit-contracts/${contractIds[1]}`)).json();
    expect(contract.incidents).toEqual({ allowed: 2, used: 1 });
  });
});

describe('a paid repair: a PA-500 out of warranty is quoted, accepted, repaired, invoiced and paid', () => {
  const SERIAL = 'PA5-2024-777001';
  let caseId: string;
  let quoteId: string;
  let invoiceId: string;
  let repairId: string;

  it('the brand publishes customer prices (readable by customers)', async () => {
    const published = await admin.request({
      method: 'PUT',
      url: '/api/v1/prices',
      payload: {
        items: [
          {
            key: 'CB-PA',
            kind: 'part',
            name: 'PureAir control board',
            nameZh: '净化器控制板',
            per: 'piece',
            price: '380.00',
            currency: 'CNY',
            taxRatePercent: 13,
          },
          {
            key: 'SNS-PM25',
            kind: 'part',
            name: 'PM2.5 sensor',
            nameZh: 'PM2.5 传感器',
            per: 'piece',
            price: '120.00',
            currency: 'CNY',
            taxRatePercent: 13,
          },
          {
            key: 'labor-hour',
            kind: 'labor',
            name: 'Repair labour',
            nameZh: '维修工时',
            per: 'hour',
            price: '120.00',
            currency: 'CNY',
            taxRatePercent: 13,
          },
          {
            key: 'travel-visit',
            kind: 'travel',
            name: 'Home visit',
            nameZh: '上门服务',
            per: 'visit',
            price: '50.00',
            currency: 'CNY',
            taxRatePercent: 9,
          },
        ],
      },
    });
    expect(published.statusCode, published.body).toBe(200);
    const seen = (await zhang.get('/api/v1/prices')).json();
    expect(seen.items.find((i: { key: string }) => i.key === 'CB-PA')).toMatchObject({
      price: '380.00',
      kindName: { zh: '配件' },
    });
    expect(
      (
        await zhang.request({
          method: 'PUT',
          url: '/api/v1/prices',
          payload: { items: published.json().items.slice(0, 0) },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('Zhang Wei’s PA-500 bought in June 2024 fails: not covered (the 2-year cover ended)', async () => {
    const unit = await admin.post('/api/v1/units', {
      serial: SERIAL,
      product: 'PA-500',
      owner: 'consumer-zhang-wei',
      territory: 'CN-ZJ',
      soldOn: '2024-06-01',
      deliveredOn: '2024-06-03',
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const opened = await zhang.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'normal',
      serial: SERIAL,
      description: 'The display stays dark. 显示屏不亮。',
      failure: { partCategory: 'control_board', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    expect(opened.json().decision).toMatchObject({ covered: false, reason: 'expired' });
  });

  it('the agent quotes it from the diagnosis: part at the price list, labour by standard time, travel; VAT by rate', async () => {
    const quoted = await agent.post(`/api/v1/cases/${caseId}/quotes`, {});
    expect(quoted.statusCode, quoted.body).toBe(201);
    const q = quoted.json();
    quoteId = q.id;
    expect(
      q.lines.map((l: { itemKey: string; quantity: number; net: string }) => [l.itemKey, l.quantity, l.net]),
    ).toEqual([
      ['CB-PA', 1, '380.00'],
      ['labor-hour', 50, '100.00'],
      ['travel-visit', 1, '50.00'],
    ]);
    expect(q.byRate).toEqual([
      { taxRatePercent: 9, net: '50.00', tax: '4.50' },
      { taxRatePercent: 13, net: '480.00', tax: '62.40' },
    ]);
    expect(q).toMatchObject({ total: '596.90', state: 'sent', blocksWork: true, blockRef: '§8' });
    const outbox = await server.db.deps.db
      .selectFrom('outbox')
      .select('kind')
      .where('case_id', '=', caseId)
      .execute();
    expect(outbox.map((o) => o.kind)).toContain('quote_sent');
  });

  it('the work waits for the customer: completing the repair before acceptance is refused', async () => {
    const repair = await agent.post(`/api/v1/cases/${caseId}/repairs`, {});
    expect(repair.statusCode, repair.body).toBe(201);
    repairId = repair.json().id;
    await agent.post(`/api/v1/repairs/${repairId}/diagnosis`, {
      partCategory: 'control_board',
      cause: 'manufacturing_defect',
    });
    const early = await agent.post(`/api/v1/repairs/${repairId}/completion`, { result: 'fixed', parts: [] });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('quote_not_accepted');
  });

  it('another customer cannot see or decide the quote (404)', async () => {
    expect((await ruijin.get(`/api/v1/quotes/${quoteId}`)).statusCode).toBe(404);
    expect(
      (await ruijin.post(`/api/v1/quotes/${quoteId}/decision`, { decision: 'accepted' })).statusCode,
    ).toBe(404);
  });

  it('Zhang Wei accepts in the portal; the acceptance is evidence with who and when; the repair is done', async () => {
    expect((await zhang.get('/api/v1/quotes')).json().items.map((q: { id: string }) => q.id)).toContain(
      quoteId,
    );
    const accepted = await zhang.post(`/api/v1/quotes/${quoteId}/decision`, { decision: 'accepted' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'accepted', decidedAt: now.toISOString() });
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['material', 'subject_id'])
      .where('entry_type', '=', 'quote.accepted')
      .executeTakeFirstOrThrow();
    const user = await server.db.deps.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', 'zhang.wei@example.com')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(caseId);
    expect(JSON.parse(entry.material)).toMatchObject({
      actor: { userId: user.user_id, authenticatedBy: 'session' },
      occurredAt: now.toISOString(),
    });
    const done = await agent.post(`/api/v1/repairs/${repairId}/completion`, { result: 'fixed', parts: [] });
    expect(done.statusCode, done.body).toBe(200);
  });

  it('the invoice carries the fapiao data and the amounts by tax rate; the payment settles it and the statement shows it', async () => {
    const invoiced = await agent.post('/api/v1/invoices', {
      quoteId,
      fapiao: { title: '张伟', type: 'general' },
    });
    expect(invoiced.statusCode, invoiced.body).toBe(201);
    invoiceId = invoiced.json().id;
    expect(invoiced.json()).toMatchObject({
      total: '596.90',
      owed: '596.90',
      state: 'open',
      fapiao: { title: '张伟', taxId: null, type: 'general' },
    });
    const special = await agent.post('/api/v1/invoices', {
      quoteId,
      fapiao: { title: 'X', type: 'special' },
    });
    expect(special.statusCode).toBe(400);
    expect((await zhang.get('/api/v1/customer-statement')).json()).toMatchObject({
      settled: false,
      totals: [{ owed: '596.90' }],
    });
    const paid = await agent.post(`/api/v1/invoices/${invoiceId}/payments`, {
      kind: 'payment',
      amount: '596.90',
      method: 'WeChat Pay',
      reference: '4200002026112300001',
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({
      state: 'settled',
      owed: '0.00',
      payments: [{ reference: '4200002026112300001' }],
    });
    const statement = (await zhang.get('/api/v1/customer-statement')).json();
    expect(statement).toMatchObject({
      party: 'consumer-zhang-wei',
      settled: true,
      totals: [{ invoiced: '596.90', paid: '596.90', owed: '0.00' }],
    });
    expect((await ruijin.get(`/api/v1/invoices/${invoiceId}`)).statusCode).toBe(404);
    expect((await ruijin.get('/api/v1/customer-statement?party=consumer-zhang-wei')).statusCode).toBe(404);
  });

  it('a declined quote stops the work and is recorded', async () => {
    const opened = await zhang.post('/api/v1/cases', {
      kind: 'field_visit',
      severity: 'normal',
      serial: SERIAL,
      description: 'The air quality reading is stuck. 空气质量读数不变。',
      failure: { partCategory: 'sensor', cause: 'manufacturing_defect' },
    });
    const second = opened.json().id;
    const q = (await agent.post(`/api/v1/cases/${second}/quotes`, {})).json();
    const declined = await zhang.post(`/api/v1/quotes/${q.id}/decision`, {
      decision: 'declined',
      reason: 'Too expensive',
    });
    expect(declined.json()).toMatchObject({ state: 'declined', declineReason: 'Too expensive' });
    expect((await zhang.post(`/api/v1/quotes/${q.id}/decision`, { decision: 'accepted' })).statusCode).toBe(
      409,
    );
    const repair = (await agent.post(`/api/v1/cases/${second}/repairs`, {})).json();
    await agent.post(`/api/v1/repairs/${repair.id}/diagnosis`, {
      partCategory: 'sensor',
      cause: 'manufacturing_defect',
    });
    const refused = await agent.post(`/api/v1/repairs/${repair.id}/completion`, {
      result: 'fixed',
      parts: [],
    });
    expect(refused.json().code).toBe('quote_not_accepted');
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('subject_id')
      .where('entry_type', '=', 'quote.declined')
      .executeTakeFirstOrThrow();
    expect(entry.subject_id).toBe(second);
  });
});

describe('an extended warranty bought in the portal before the warranty ends', () => {
  const SERIAL = 'PA5-NEW-000001';
  let contractId: string;
  let endsOn: string;

  it('the brand puts a 2-year plan on sale for the PA-500 (price by product and term)', async () => {
    const body = {
      key: 'pa500-ext-2y',
      agreement: 'acme-pureair-extended',
      product: 'PA-500',
      termMonths: 24,
      price: '299',
      currency: 'CNY',
      incidents: 3,
      refundRule: 'pro_rata',
      name: 'PureAir 500 extended warranty, 2 years',
      nameZh: 'PureAir 500 延长保修 2 年',
    };
    const plan = await admin.request({ method: 'PUT', url: '/api/v1/plans', payload: body });
    expect(plan.statusCode, plan.body).toBe(200);
    const bad = await admin.request({
      method: 'PUT',
      url: '/api/v1/plans',
      payload: { ...body, refundRule: 'half' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('pro_rata');
    // The catalogue: the plan once, by product; another product's list is without it.
    const listed = (await zhang.get('/api/v1/plans?product=PA-500')).json().items as { key: string }[];
    expect(listed.filter((p) => p.key === 'pa500-ext-2y')).toHaveLength(1);
    expect((await zhang.get('/api/v1/plans?product=CH-900')).json().items).toEqual([]);
  });

  it('Zhang Wei buys it; the warranty check then shows the cover through the plan’s end', async () => {
    const before = (await zhang.get(`/api/v1/warranty/${SERIAL}`)).json();
    const boardBefore = before.parts.find(
      (p: { partCategory: string }) => p.partCategory === 'control_board',
    ).lastDay;
    const offers = (await zhang.get(`/api/v1/plans/offers/${SERIAL}`)).json();
    expect(offers.offers[0]).toMatchObject({ key: 'pa500-ext-2y', sellable: true, price: '299.00' });
    const bought = await zhang.post('/api/v1/plans/purchases', { serial: SERIAL, plan: 'pa500-ext-2y' });
    expect(bought.statusCode, bought.body).toBe(201);
    contractId = bought.json().id;
    endsOn = bought.json().endsOn;
    expect(bought.json()).toMatchObject({ channel: 'portal', incidents: { allowed: 3, used: 0 } });
    const after = (await zhang.get(`/api/v1/warranty/${SERIAL}`)).json();
    const boardAfter = after.parts.find(
      (p: { partCategory: string }) => p.partCategory === 'control_board',
    ).lastDay;
    expect(boardAfter > boardBefore).toBe(true);
    expect(boardAfter).toBe(endsOn);
    expect(after.covers.map((c: { agreement: { id: string } }) => c.agreement.id)).toContain(
      'acme-pureair-extended',
    );
  });

  it('an out-of-warranty unit cannot buy it (409), and another customer cannot see the plan bought', async () => {
    const late = await zhang.post('/api/v1/plans/purchases', {
      serial: 'PA5-2024-777001',
      plan: 'pa500-ext-2y',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('plan_not_sellable');
    expect((await ruijin.get(`/api/v1/unit-contracts/${contractId}`)).statusCode).toBe(404);
    expect(
      (await ruijin.post('/api/v1/plans/purchases', { serial: SERIAL, plan: 'pa500-ext-2y' })).statusCode,
    ).toBe(404);
  });

  it('the renewal offer goes out through the outbox 30 days before the end, once', async () => {
    const saved = now;
    const offers = async () =>
      (
        await server.db.deps.db
          .selectFrom('outbox')
          .select(['kind', 'subject_en'])
          .where('kind', '=', 'contract_renewal')
          .execute()
      ).filter((o) => o.subject_en.includes(SERIAL));
    try {
      now = new Date(`${endsOn}T00:00:00Z`);
      now.setUTCDate(now.getUTCDate() - 31);
      // Earlier contracts (Ruijin's) are offered on this pass; this plan is not due yet.
      await sendRenewalReminders(server.db.deps);
      expect(await offers()).toHaveLength(0);
      now.setUTCDate(now.getUTCDate() + 2);
      expect(await sendRenewalReminders(server.db.deps)).toBe(1);
      expect(await sendRenewalReminders(server.db.deps)).toBe(0);
      expect(await offers()).toHaveLength(1);
    } finally {
      now = saved;
    }
  });

  it('cancelled before it starts, it refunds the whole price (pro rata); the cover falls back to the warranty', async () => {
    const cancelled = await agent.post(`/api/v1/unit-contracts/${contractId}/cancellation`, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', refund: '299.00' });
    const w = (await zhang.get(`/api/v1/warranty/${SERIAL}`)).json();
    expect(w.covers.map((c: { agreement: { id: string } }) => c.agreement.id)).not.toContain(
      'acme-pureair-extended',
    );
  });
});

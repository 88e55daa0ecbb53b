import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

// Independent repair shops (issue 18, published prices): the price list read without signing in;
// a shop registers, waits for the brand's approval (refused until then), reads the manuals a
// service partner reads, orders parts at the published prices; the brand confirms (reserving
// stock) and ships them; a second shop sees nothing of the first's, nor a partner's case (404).
let now = new Date('2026-12-02T02:00:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const PASSWORD = 'repair-shop-2026!';
const register = (body: Record<string, unknown>) =>
  server.app.inject({ method: 'POST', url: '/api/v1/repair-shops/registrations', payload: body });
const signInStatus = async (email: string) =>
  (
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password: PASSWORD },
    })
  ).statusCode;
const stockAt = (part: string) =>
  server.db.deps.db
    .selectFrom('stock_levels')
    .innerJoin('stock_locations', (j) =>
      j
        .onRef('stock_locations.tenant_id', '=', 'stock_levels.tenant_id')
        .onRef('stock_locations.location_id', '=', 'stock_levels.location_id'),
    )
    .select(['on_hand', 'reserved'])
    .where('stock_levels.tenant_id', '=', server.tenantId)
    .where('stock_locations.key', '=', 'acme-central')
    .where('part_number', '=', part)
    .executeTakeFirstOrThrow();

describe(`independent repair shops on ${ENGINE}`, () => {
  let shopA: string;
  let shopB: string;
  let orderId: string;

  it('publishes the customer price list to anyone, without costs or suppliers', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const item = (key: string, name: string, nameZh: string, price: string, rate: number) => ({
      key,
      kind: 'part',
      name,
      nameZh,
      per: 'piece',
      price,
      currency: 'CNY',
      taxRatePercent: rate,
    });
    const put = await admin.request({
      method: 'PUT',
      url: '/api/v1/prices',
      payload: {
        items: [
          item('CB-PA', 'PureAir control board', '净化器控制板', '380.00', 13),
          item('FLT-500', 'PA-500 filter', 'PA-500 滤网', '99.50', 9),
          item('SNS-PM25', 'PM2.5 sensor', 'PM2.5 传感器', '120.00', 13),
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
        ],
      },
    });
    expect(put.statusCode, put.body).toBe(200);

    // No cookie, no token: the list is public.
    const open = await server.app.inject({ method: 'GET', url: '/api/v1/published-prices' });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().items.map((i: { key: string }) => i.key)).toEqual([
      'CB-PA',
      'FLT-500',
      'SNS-PM25',
      'labor-hour',
    ]);
    expect(open.json().items[0]).toMatchObject({
      price: '380.00',
      kindName: { zh: '配件' },
      taxRatePercent: 13,
    });
    // Customer prices only: the catalogue's cost (CB-PA costs ACME less) and supplier never appear.
    expect(open.body).not.toMatch(/cost|supplier|leadTime/i);
    // A page at a time, by key; parts alone when asked.
    const page = (
      await server.app.inject({ method: 'GET', url: '/api/v1/published-prices?kind=part&limit=2' })
    ).json();
    expect(page.items.map((i: { key: string }) => i.key)).toEqual(['CB-PA', 'FLT-500']);
    const rest = (
      await server.app.inject({
        method: 'GET',
        url: `/api/v1/published-prices?kind=part&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`,
      })
    ).json();
    expect(rest.items.map((i: { key: string }) => i.key)).toEqual(['SNS-PM25']);
    expect(rest.nextCursor).toBeUndefined();
    // A kind outside the vocabulary is named with the allowed ones.
    const odd = await server.app.inject({ method: 'GET', url: '/api/v1/published-prices?kind=cost' });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('travel');
  });

  it('registers shops that stay pending, unable to sign in, until the brand approves them', async () => {
    const bad = await register({
      name: 'Quick Fix Appliance Repair',
      creditCode: '91310000MA1FL0XY2',
      contactName: 'Li Ming',
      email: 'li.ming@quickfix.example',
      password: PASSWORD,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('/body/creditCode');

    for (const [name, nameZh, code, contact, email] of [
      [
        'Quick Fix Appliance Repair',
        '快修家电维修',
        '91310000ma1fl0xy2k',
        'Li Ming',
        'li.ming@quickfix.example',
      ],
      [
        'Pearl Street Repairs',
        '珠江街维修部',
        '91440300MA5FTQ3B2R',
        'Chen Hua',
        'chen.hua@pearlstreet.example',
      ],
      ['Shady Parts Resale', '某配件转售', '91110105MA01ABCD3E', 'Wang Wu', 'wang.wu@shady.example'],
    ] as const) {
      now = new Date(now.getTime() + 60_000);
      const r = await register({
        name,
        nameZh,
        creditCode: code,
        contactName: contact,
        email,
        password: PASSWORD,
      });
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toEqual({ accepted: true, status: 'pending' });
    }
    // The same licence again: the same answer, nothing made.
    const again = await register({
      name: 'Quick Fix again',
      creditCode: '91310000MA1FL0XY2K',
      contactName: 'Someone',
      email: 'other@quickfix.example',
      password: PASSWORD,
    });
    expect(again.statusCode).toBe(202);

    // Pending: the shop can do nothing, not even sign in.
    expect(await signInStatus('li.ming@quickfix.example')).toBe(401);

    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const pending = (await manager.get('/api/v1/repair-shops?status=pending')).json();
    expect(pending.items.map((s: { name: string }) => s.name)).toEqual([
      'Quick Fix Appliance Repair',
      'Pearl Street Repairs',
      'Shady Parts Resale',
    ]);
    expect(pending.items[0]).toMatchObject({
      creditCode: '91310000MA1FL0XY2K',
      status: 'pending',
      statusName: { zh: '待审核' },
      contacts: [{ name: 'Li Ming', enabled: false }],
    });
    [shopA, shopB] = pending.items.map((s: { id: string }) => s.id);
    const shopC = pending.items[2].id;
    // A service partner does not see the registrations; an agent may not decide them.
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await partner.get('/api/v1/repair-shops')).statusCode).toBe(403);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (await agent.post(`/api/v1/repair-shops/${shopA}/decision`, { decision: 'approved' })).statusCode,
    ).toBe(403);
    // A decision outside the vocabulary is named with the allowed ones.
    const odd = await manager.post(`/api/v1/repair-shops/${shopA}/decision`, { decision: 'maybe' });
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('approved');

    const approved = await manager.post(`/api/v1/repair-shops/${shopA}/decision`, {
      decision: 'approved',
      reason: 'Licence checked on gsxt.gov.cn',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', contacts: [{ enabled: true }] });
    expect(
      (await manager.post(`/api/v1/repair-shops/${shopB}/decision`, { decision: 'approved' })).statusCode,
    ).toBe(200);
    const refused = await manager.post(`/api/v1/repair-shops/${shopC}/decision`, {
      decision: 'refused',
      reason: 'Not a repair business',
    });
    expect(refused.json()).toMatchObject({ status: 'refused', statusName: { en: 'Refused' } });
    // Decided once; the refused shop still cannot sign in.
    const twice = await manager.post(`/api/v1/repair-shops/${shopC}/decision`, { decision: 'approved' });
    expect(twice.statusCode).toBe(409);
    expect(await signInStatus('wang.wu@shady.example')).toBe(401);
    // On the evidence record.
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('entry_type')
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', 'like', 'repair_shop.%')
      .execute();
    expect(entries.map((e) => e.entry_type).sort()).toEqual([
      'repair_shop.approved',
      'repair_shop.approved',
      'repair_shop.refused',
      'repair_shop.registered',
      'repair_shop.registered',
      'repair_shop.registered',
    ]);
  });

  it('lets an approved shop read the prices and the manuals a service partner reads', async () => {
    const shop = await Session.signIn(server.app, 'li.ming@quickfix.example', PASSWORD);
    expect((await shop.get('/api/v1/prices')).statusCode).toBe(200);
    // The CH-900 E301 article is for partners: the shop reads it; a customer does not.
    const manual = await shop.get('/api/v1/kb/read/ch900-e301-controller-fault?lang=zh');
    expect(manual.statusCode, manual.body).toBe(200);
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await customer.get('/api/v1/kb/read/ch900-e301-controller-fault')).statusCode).toBe(404);
    const own = await shop.get(`/api/v1/repair-shops/${shopA}`);
    expect(own.json()).toMatchObject({
      status: 'approved',
      decisionReason: 'Licence checked on gsxt.gov.cn',
    });
  });

  it('takes an order of 2 parts at the published prices, and refuses a part not published by name', async () => {
    const shop = await Session.signIn(server.app, 'li.ming@quickfix.example', PASSWORD);
    const refused = await shop.post('/api/v1/parts-orders', {
      lines: [
        { partNumber: 'CB-PA', quantity: 1 },
        { partNumber: 'CMP-900', quantity: 1 },
      ],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('part_not_published');
    expect(refused.body).toContain('CMP-900');
    expect(refused.body).toContain('/body/lines/1/partNumber');

    const placed = await shop.post('/api/v1/parts-orders', {
      lines: [
        { partNumber: 'CB-PA', quantity: 2 },
        { partNumber: 'FLT-500', quantity: 3 },
      ],
      reference: 'QF-2026-118',
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({
      number: 'PO-000001',
      state: 'placed',
      currency: 'CNY',
      lines: [
        { partNumber: 'CB-PA', quantity: 2, unitPrice: '380.00', net: '760.00', taxRatePercent: 13 },
        { partNumber: 'FLT-500', quantity: 3, unitPrice: '99.50', net: '298.50', taxRatePercent: 9 },
      ],
      // 298.50 × 9 % = 26.865 → 26.87; 760.00 × 13 % = 98.80.
      byRate: [
        { taxRatePercent: 9, net: '298.50', tax: '26.87' },
        { taxRatePercent: 13, net: '760.00', tax: '98.80' },
      ],
      net: '1058.50',
      tax: '125.67',
      total: '1184.17',
      shopReference: 'QF-2026-118',
      location: null,
    });
    orderId = placed.json().id;
  });

  it('lets the brand confirm (reserving stock) and ship the order; the shop sees its states', async () => {
    const before = await stockAt('CB-PA');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const queue = (await agent.get('/api/v1/parts-orders?state=placed')).json();
    expect(queue.items.map((o: { id: string }) => o.id)).toContain(orderId);
    expect(queue.items[0].shop).toMatchObject({ name: 'Quick Fix Appliance Repair' });
    // Shipping before confirming is refused by the order's state.
    expect(
      (await agent.post(`/api/v1/parts-orders/${orderId}/shipment`, { carrier: 'SF', waybill: '1' }))
        .statusCode,
    ).toBe(409);
    const confirmed = await agent.post(`/api/v1/parts-orders/${orderId}/confirmation`, {
      location: 'acme-central',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'confirmed', location: { key: 'acme-central' } });
    expect(await stockAt('CB-PA')).toEqual({ on_hand: before.on_hand, reserved: before.reserved + 2 });

    const shop = await Session.signIn(server.app, 'li.ming@quickfix.example', PASSWORD);
    expect((await shop.get(`/api/v1/parts-orders/${orderId}`)).json()).toMatchObject({
      state: 'confirmed',
      stateName: { zh: '已确认，备件已预留' },
      location: null,
    });
    // The shop cannot move its order itself.
    expect(
      (await shop.post(`/api/v1/parts-orders/${orderId}/shipment`, { carrier: 'x', waybill: 'y' }))
        .statusCode,
    ).toBe(403);

    const shipped = await agent.post(`/api/v1/parts-orders/${orderId}/shipment`, {
      carrier: 'SF Express',
      waybill: 'SF1402026118',
    });
    expect(shipped.statusCode, shipped.body).toBe(200);
    expect(await stockAt('CB-PA')).toEqual({ on_hand: before.on_hand - 2, reserved: before.reserved });
    const movement = await server.db.deps.db
      .selectFrom('stock_movements')
      .select(['kind', 'quantity'])
      .where('tenant_id', '=', server.tenantId)
      .where('note', '=', 'PO-000001')
      .where('part_number', '=', 'FLT-500')
      .executeTakeFirstOrThrow();
    expect(movement).toEqual({ kind: 'consumption', quantity: -3 });

    const mine = (await shop.get('/api/v1/parts-orders')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ state: 'shipped', carrier: 'SF Express', waybill: 'SF1402026118' });
  });

  it('shows a second shop nothing of the first shop’s, nor a partner’s case and unit (404)', async () => {
    const other = await Session.signIn(server.app, 'chen.hua@pearlstreet.example', PASSWORD);
    expect((await other.get('/api/v1/parts-orders')).json().items).toEqual([]);
    expect((await other.get(`/api/v1/parts-orders/${orderId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/repair-shops/${shopA}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/repair-shops/${shopB}`)).statusCode).toBe(200);
    expect((await other.get('/api/v1/repair-shops')).statusCode).toBe(403);
    // The catalogue's costs and the brand's stock stay the brand's: a shop services no unit and holds no location.
    expect((await other.get('/api/v1/parts')).json().items).toEqual([]);
    expect((await other.get('/api/v1/stock')).json().items).toEqual([]);

    // A case FixIt (a service partner) works, and its unit: not found for either shop.
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const opened = await customer.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2024-00031',
      description: 'Compressor trips on start.',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const partnerCase = { case_id: opened.json().id as string, serial: 'CH9-2024-00031' };
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const assigned = await agent.post(`/api/v1/cases/${partnerCase.case_id}/assignment`, {
      servicePartner: 'fixit-shanghai',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await partner.get(`/api/v1/cases/${partnerCase.case_id}`)).statusCode).toBe(200);
    const shop = await Session.signIn(server.app, 'li.ming@quickfix.example', PASSWORD);
    for (const s of [shop, other]) {
      expect((await s.get(`/api/v1/cases/${partnerCase.case_id}`)).statusCode).toBe(404);
      expect((await s.get(`/api/v1/units/by-serial/${partnerCase.serial}`)).statusCode).toBe(404);
    }
  });
});

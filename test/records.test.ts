import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let admin: Session;
beforeAll(async () => {
  server = await startDemoServer();
  admin = await Session.signIn(server.app, 'admin@acme.example');
});
afterAll(async () => {
  await server?.close();
});

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('the demo tenant', () => {
  it('holds the ACME scenario: parties of every role, three products, a few hundred units across provinces', async () => {
    const db = server.db.deps.db;
    const parties = await db.selectFrom('parties').select(['key', 'roles']).execute();
    const keys = parties.map((p) => p.key);
    for (const key of [
      'acme',
      'huadong-trading',
      'fixit-shanghai',
      'pearl-river-service',
      'ningbo-motor',
      'ruijin-hospital',
      'consumer-zhang-wei',
    ]) {
      expect(keys).toContain(key);
    }
    for (const role of ['brand', 'distributor', 'service_partner', 'supplier', 'customer']) {
      expect(parties.some((p) => p.roles.includes(role as never))).toBe(true);
    }
    const units = await db.selectFrom('units').select(['territory']).execute();
    expect(units.length).toBeGreaterThanOrEqual(200);
    expect(new Set(units.map((u) => u.territory)).size).toBeGreaterThanOrEqual(8);
    const products = (await admin.get('/api/v1/products')).json().items;
    expect(products.map((p: { model: string }) => p.model)).toEqual(['CH-900', 'PA-300', 'PA-500']);
    const chiller = products.find((p: { model: string }) => p.model === 'CH-900');
    expect(chiller.billOfParts.map((b: { partNumber: string }) => b.partNumber)).toContain('CMP-900');
  });

  it('keeps the example claims’ units exactly as the claims describe them', async () => {
    const unit = (await admin.get('/api/v1/units/by-serial/CH9-2025-00417')).json();
    expect(unit).toMatchObject({
      product: { model: 'CH-900' },
      owner: { key: 'ruijin-hospital' },
      territory: 'CN-SH',
      soldOn: '2025-08-01',
      deliveredOn: '2025-08-20',
      installedOn: '2025-09-05',
      maintainedOn: ['2026-03-01', '2026-08-28', '2027-02-25', '2027-08-20'],
      parts: [
        {
          partNumber: 'CMP-900',
          partCategory: 'compressor',
          supplier: { key: 'ningbo-motor' },
          deliveredOn: '2025-06-10',
        },
      ],
    });
  });

  it('keeps every example terms and calendar file as a document, byte for byte', async () => {
    const docs = (await admin.get('/api/v1/documents')).json().items as {
      id: string;
      kind: string;
      key: string;
      version: number;
      sourceName: string;
      sha256: string;
    }[];
    expect(
      docs
        .filter((d) => d.kind === 'terms')
        .map((d) => d.key)
        .sort(),
    ).toEqual([
      'acme-chiller-b2b-cn',
      'acme-pureair-consumer-cn',
      'fixit-shanghai-partner',
      'huadong-distribution',
      'ningbo-motor-supply',
      'pearl-river-partner',
    ]);
    expect(
      docs
        .filter((d) => d.kind === 'calendar')
        .map((d) => d.key)
        .sort(),
    ).toEqual(['always', 'cn-business', 'de-berlin']);
    const pureair = docs.find((d) => d.key === 'acme-pureair-consumer-cn')!;
    expect(pureair.version).toBe(2);
    const original = fs.readFileSync(path.join(EXAMPLES_DIR, 'terms', pureair.sourceName));
    expect(pureair.sha256).toBe(createHash('sha256').update(original).digest('hex'));
    const source = await admin.get(`/api/v1/documents/${pureair.id}/source`);
    expect(source.statusCode).toBe(200);
    expect(source.rawPayload.equals(original)).toBe(true);
  });
});

describe('parties', () => {
  it('are created, listed by role, changed and deleted', async () => {
    const created = await admin.post('/api/v1/parties', {
      key: 'sichuan-service',
      name: 'Sichuan Service Co.',
      nameZh: '四川服务有限公司',
      roles: ['service_partner'],
      country: 'CN',
      email: 'ops@sichuan-service.example',
    });
    expect(created.statusCode).toBe(201);
    const party = created.json();
    expect(party).toMatchObject({
      key: 'sichuan-service',
      nameZh: '四川服务有限公司',
      roles: ['service_partner'],
    });

    const partners = (await admin.get('/api/v1/parties?role=service_partner'))
      .json()
      .items.map((p: { key: string }) => p.key);
    expect(partners.sort()).toEqual(['fixit-shanghai', 'pearl-river-service', 'sichuan-service']);

    const changed = await admin.patch(`/api/v1/parties/${party.id}`, { phone: '+86 28 1234 5678' });
    expect(changed.json().phone).toBe('+86 28 1234 5678');
    expect((await admin.delete(`/api/v1/parties/${party.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/parties/${party.id}`)).statusCode).toBe(404);
  });

  it('refuse a taken key, and deleting a party still in use', async () => {
    const taken = await admin.post('/api/v1/parties', {
      key: 'fixit-shanghai',
      name: 'Dup',
      roles: ['customer'],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'key_taken', errors: [{ path: '/body/key' }] });
    const ruijin = (await admin.get('/api/v1/parties?limit=500'))
      .json()
      .items.find((p: { key: string }) => p.key === 'ruijin-hospital');
    const inUse = await admin.delete(`/api/v1/parties/${ruijin.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('in_use');
  });

  it('page by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (await admin.get(`/api/v1/parties?limit=7${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((p: { id: string }) => p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const all = await server.db.deps.db
      .selectFrom('parties')
      .select('party_id')
      .where('tenant_id', '=', server.tenantId)
      .execute();
    expect(pages).toBeGreaterThan(5);
    expect(seen.length).toBe(all.length);
    expect(new Set(seen).size).toBe(all.length);
  });

  it('refuse a cursor they did not issue', async () => {
    const response = await admin.get('/api/v1/parties?cursor=bm9wZQ');
    expect(response.statusCode).toBe(400);
    expect(paths(response.json())).toEqual(['/querystring/cursor']);
  });
});

describe('products', () => {
  it('are created with a bill of parts, changed and deleted', async () => {
    const created = await admin.post('/api/v1/products', {
      model: 'PA-700',
      name: 'PureAir 700',
      nameZh: 'PureAir 700 空气净化器',
      partCategories: ['motor', 'filter'],
      endOfProduction: '2030-12-31',
      billOfParts: [
        { partNumber: 'MTR-45', partCategory: 'motor', name: 'Fan motor', quantity: 2 },
        { partNumber: 'FLT-700', partCategory: 'filter', name: 'Filter', quantity: 1 },
      ],
    });
    expect(created.statusCode).toBe(201);
    const product = created.json();
    expect(product.billOfParts).toHaveLength(2);
    const changed = await admin.patch(`/api/v1/products/${product.id}`, {
      billOfParts: [{ partNumber: 'MTR-60', partCategory: 'motor', name: 'Fan motor 60 W', quantity: 1 }],
    });
    expect(changed.json().billOfParts).toEqual([
      { partNumber: 'MTR-60', partCategory: 'motor', name: 'Fan motor 60 W', quantity: 1 },
    ]);
    expect((await admin.delete(`/api/v1/products/${product.id}`)).statusCode).toBe(204);
  });

  it('refuse parts outside the product’s categories, naming each bad line', async () => {
    const response = await admin.post('/api/v1/products', {
      model: 'PA-900',
      name: 'PureAir 900',
      partCategories: ['motor'],
      billOfParts: [
        { partNumber: 'MTR-45', partCategory: 'motor', name: 'Motor', quantity: 1 },
        { partNumber: 'FLT-900', partCategory: 'filter', name: 'Filter', quantity: 1 },
        { partNumber: 'MTR-45', partCategory: 'motor', name: 'Motor again', quantity: 0 },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(paths(response.json())).toEqual(['/body/billOfParts/2/quantity']);
    const second = await admin.post('/api/v1/products', {
      model: 'PA-900',
      name: 'PureAir 900',
      partCategories: ['motor'],
      billOfParts: [
        { partNumber: 'MTR-45', partCategory: 'motor', name: 'Motor', quantity: 1 },
        { partNumber: 'FLT-900', partCategory: 'filter', name: 'Filter', quantity: 1 },
        { partNumber: 'MTR-45', partCategory: 'motor', name: 'Motor again', quantity: 1 },
      ],
    });
    expect(paths(second.json())).toEqual([
      '/body/billOfParts/1/partCategory',
      '/body/billOfParts/2/partNumber',
    ]);
    expect((await admin.get('/api/v1/products')).json().items).toHaveLength(3);
  });

  it('with units cannot be deleted', async () => {
    const chiller = (await admin.get('/api/v1/products'))
      .json()
      .items.find((p: { model: string }) => p.model === 'CH-900');
    expect((await admin.delete(`/api/v1/products/${chiller.id}`)).statusCode).toBe(409);
  });
});

describe('units', () => {
  const unit = {
    serial: 'CH9-2026-09999',
    product: 'CH-900',
    owner: 'suzhou-pharma',
    seller: 'huadong-trading',
    servicePartner: 'fixit-shanghai',
    territory: 'CN-JS',
    soldOn: '2026-05-02',
    deliveredOn: '2026-05-20',
    installedOn: '2026-06-01',
    maintainedOn: ['2026-11-20'],
    parts: [
      {
        partNumber: 'CMP-900',
        partCategory: 'compressor',
        serial: 'C9-X1',
        supplier: 'ningbo-motor',
        deliveredOn: '2026-04-01',
      },
    ],
  };

  it('are registered with their parts and dates, found by serial, changed and deleted', async () => {
    const created = await admin.post('/api/v1/units', unit);
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      serial: unit.serial,
      product: { model: 'CH-900' },
      owner: { key: 'suzhou-pharma' },
      seller: { key: 'huadong-trading' },
      servicePartner: { key: 'fixit-shanghai' },
      installedOn: '2026-06-01',
      maintainedOn: ['2026-11-20'],
      parts: [{ serial: 'C9-X1', supplier: { key: 'ningbo-motor' } }],
    });
    const bySerial = await admin.get(`/api/v1/units/by-serial/${unit.serial}`);
    expect(bySerial.json().id).toBe(body.id);

    const changed = await admin.patch(`/api/v1/units/${body.id}`, {
      maintainedOn: ['2026-11-20', '2027-05-18'],
      servicePartner: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      maintainedOn: ['2026-11-20', '2027-05-18'],
      servicePartner: null,
      parts: [{ serial: 'C9-X1' }],
    });

    expect((await admin.delete(`/api/v1/units/${body.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/units/${body.id}`)).statusCode).toBe(404);
  });

  it('refuse a serial that is registered', async () => {
    const response = await admin.post('/api/v1/units', { ...unit, serial: 'CH9-2025-00417' });
    expect(response.statusCode).toBe(409);
    expect(paths(response.json())).toEqual(['/body/serial']);
  });

  it('report every bad field with its path, and store nothing', async () => {
    const response = await admin.post('/api/v1/units', {
      ...unit,
      serial: 'BAD-1',
      territory: 'Shanghai',
      soldOn: '2026-02-30x',
      parts: [{ partNumber: 'CMP-900', partCategory: 'compressor', supplier: 7 }],
      colour: 'red',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_input');
    expect(paths(response.json())).toEqual([
      '/body/colour',
      '/body/parts/0/supplier',
      '/body/soldOn',
      '/body/territory',
    ]);

    const unknown = await admin.post('/api/v1/units', {
      ...unit,
      serial: 'BAD-2',
      owner: 'nobody',
      parts: [{ partNumber: 'X', partCategory: 'x', supplier: 'ghost' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: '/body/owner', message: 'no party with key "nobody"' },
      { path: '/body/parts/0/supplier', message: 'no party with key "ghost"' },
    ]);
    const stored = await server.db.deps.db
      .selectFrom('units')
      .select('serial')
      .where('serial', 'like', 'BAD-%')
      .execute();
    expect(stored).toEqual([]);
  });

  it('filter by product, territory (a country includes its provinces) and owner, and page by serial', async () => {
    const gd = (await admin.get('/api/v1/units?product=CH-900&territory=CN-GD&limit=500')).json().items;
    expect(gd.length).toBeGreaterThan(0);
    expect(
      gd.every(
        (u: { product: { model: string }; territory: string }) =>
          u.product.model === 'CH-900' && u.territory === 'CN-GD',
      ),
    ).toBe(true);
    const cn = (await admin.get('/api/v1/units?territory=CN&limit=500')).json().items;
    expect(cn.length).toBeGreaterThan(gd.length);
    const owned = (await admin.get('/api/v1/units?owner=ruijin-hospital')).json().items;
    expect(owned.every((u: { owner: { key: string } }) => u.owner.key === 'ruijin-hospital')).toBe(true);

    const first = (await admin.get('/api/v1/units?limit=100')).json();
    const second = (await admin.get(`/api/v1/units?limit=100&cursor=${first.nextCursor}`)).json();
    const serials = [...first.items, ...second.items].map((u: { serial: string }) => u.serial);
    expect(new Set(serials).size).toBe(200);
    expect(serials.slice(1).every((s, i) => s > serials[i]!)).toBe(true);
  });

  it('refuse a path id that is not a UUID', async () => {
    const response = await admin.get('/api/v1/units/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(paths(response.json())).toEqual(['/params/id']);
  });
});

describe('users', () => {
  it('are created by an admin into a party, and sign in', async () => {
    const created = await admin.post('/api/v1/users', {
      email: 'second.tech@fixit.example',
      name: '赵敏 Zhao Min',
      role: 'technician',
      party: 'fixit-shanghai',
      password: 'technician-pass-1',
      locale: 'zh',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ role: 'technician', locale: 'zh', disabled: false });
    expect(JSON.stringify(created.json())).not.toContain('password');
    const tech = await Session.signIn(server.app, 'second.tech@fixit.example', 'technician-pass-1');
    expect((await tech.get('/api/v1/me')).json().party.key).toBe('fixit-shanghai');
    const again = await admin.post('/api/v1/users', {
      email: 'Second.Tech@fixit.example',
      name: 'x',
      role: 'technician',
      party: 'fixit-shanghai',
      password: 'technician-pass-1',
    });
    expect(again.statusCode).toBe(409);
  });
});

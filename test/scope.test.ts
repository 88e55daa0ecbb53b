import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../src/app/tenant/create-tenant.ts';
import { insertUser } from '../src/app/user/create-user.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
const unitIdBySerial = new Map<string, string>();
let zhangWeiPartyId: string;

beforeAll(async () => {
  server = await startDemoServer();
  const units = await server.db.deps.db.selectFrom('units').select(['serial', 'unit_id']).execute();
  for (const u of units) unitIdBySerial.set(u.serial, u.unit_id);
  zhangWeiPartyId = (
    await server.db.deps.db
      .selectFrom('parties')
      .select('party_id')
      .where('key', '=', 'consumer-zhang-wei')
      .executeTakeFirstOrThrow()
  ).party_id;
  // A second tenant, with its own brand, admin and unit, on the same server.
  const other = await createTenant(server.db.deps, {
    slug: 'rival',
    name: 'Rival Appliances',
    homeParty: { key: 'rival', name: 'Rival Appliances Ltd.', roles: ['brand'] },
  });
  await insertUser(
    server.db.deps,
    { tenantId: other.tenantId, userId: null, authenticatedBy: 'cli' },
    {
      email: 'admin@rival.example',
      name: 'Rival Admin',
      role: 'admin',
      party: 'rival',
      password: 'rival-password',
    },
  );
});
afterAll(async () => {
  await server?.close();
});

// CH-900 in Guangdong, serviced by Pearl River; CH-900 in Shanghai, by FixIt; a purifier in Zhejiang owned by Zhang Wei.
const GD_CHILLER = 'CH9-2025-00981';
const SH_CHILLER = 'CH9-2025-00417';
const ZHANG_PURIFIER = 'PA3-2026-118842';
const unitUrl = (serial: string) => `/api/v1/units/${unitIdBySerial.get(serial)}`;

describe('without signing in', () => {
  it('every API route answers 401 with a problem', async () => {
    const openapi = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    // Sign-in, sign-out and a customer's sign-up are open to anyone by design.
    // Signing in and up, and answering a satisfaction survey: its link's token is the credential.
    // The published price list and a repair shop's registration (issue 18) are public by design.
    const open = new Set([
      '/api/v1/auth/sign-in',
      '/api/v1/auth/sign-out',
      '/api/v1/auth/sign-up',
      '/api/v1/surveys/{token}',
      '/api/v1/published-prices',
      '/api/v1/repair-shops/registrations',
    ]);
    let checked = 0;
    for (const [route, operations] of Object.entries(
      openapi.paths as Record<string, Record<string, unknown>>,
    )) {
      if (!route.startsWith('/api/v1/') || open.has(route)) continue;
      const url = route
        .replace('{id}', '00000000-0000-4000-8000-000000000000')
        .replace('{serial}', SH_CHILLER);
      for (const method of Object.keys(operations)) {
        const response = await server.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          ...(method === 'get' || method === 'delete' ? {} : { payload: {} }),
        });
        expect(response.statusCode, `${method.toUpperCase()} ${route}`).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a made-up session cookie is no session', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      cookies: { sb_session: 'forged' },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('a service partner', () => {
  it('sees only the units it services, and another partner’s unit does not exist for it', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');

    const fixitUnits = (await fixit.get('/api/v1/units?limit=500')).json().items as {
      servicePartner: { key: string } | null;
    }[];
    expect(fixitUnits.length).toBeGreaterThan(10);
    expect(fixitUnits.every((u) => u.servicePartner?.key === 'fixit-shanghai')).toBe(true);

    expect((await fixit.get(unitUrl(SH_CHILLER))).statusCode).toBe(200);
    const foreign = await fixit.get(unitUrl(GD_CHILLER));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');
    expect((await fixit.get(`/api/v1/units/by-serial/${GD_CHILLER}`)).statusCode).toBe(404);

    expect((await pearl.get(unitUrl(GD_CHILLER))).statusCode).toBe(200);
    expect((await pearl.get(unitUrl(SH_CHILLER))).statusCode).toBe(404);
    // Writing to a unit it cannot see is "not found", not "forbidden": nothing is revealed.
    expect((await pearl.patch(unitUrl(SH_CHILLER), { territory: 'CN-GD' })).statusCode).toBe(404);
    expect((await pearl.delete(unitUrl(SH_CHILLER))).statusCode).toBe(404);
    // Its own serviced unit it may read, not change.
    expect((await pearl.patch(unitUrl(GD_CHILLER), { territory: 'CN-SH' })).statusCode).toBe(403);
  });

  it('sees its own party and no other', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const parties = (await fixit.get('/api/v1/parties')).json().items;
    expect(parties.map((p: { key: string }) => p.key)).toEqual(['fixit-shanghai']);
    expect((await fixit.get(`/api/v1/parties/${zhangWeiPartyId}`)).statusCode).toBe(404);
    expect((await fixit.get('/api/v1/users')).statusCode).toBe(403);
    expect((await fixit.get('/api/v1/documents')).statusCode).toBe(403);
  });
});

describe('a customer', () => {
  it('sees its own units only; another customer’s unit is not found by id or serial', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');

    const own = (await zhang.get('/api/v1/units')).json().items as {
      owner: { key: string };
      serial: string;
    }[];
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((u) => u.owner.key === 'consumer-zhang-wei')).toBe(true);
    expect(own.map((u) => u.serial)).toContain(ZHANG_PURIFIER);

    expect((await ruijin.get(unitUrl(ZHANG_PURIFIER))).statusCode).toBe(404);
    expect((await ruijin.get(`/api/v1/units/by-serial/${ZHANG_PURIFIER}`)).statusCode).toBe(404);
    expect((await zhang.get(unitUrl(SH_CHILLER))).statusCode).toBe(404);
    expect((await ruijin.get(unitUrl(SH_CHILLER))).statusCode).toBe(200);
    // Filters cannot widen the view.
    const filtered = (await ruijin.get('/api/v1/units?owner=consumer-zhang-wei')).json().items;
    expect(filtered).toEqual([]);
  });

  it('cannot read another party or user', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const zhangMe = (await zhang.get('/api/v1/me')).json();
    expect((await ruijin.get(`/api/v1/parties/${zhangMe.party.id}`)).statusCode).toBe(404);
    expect((await ruijin.get(`/api/v1/users/${zhangMe.user.id}`)).statusCode).toBe(404);
    expect((await zhang.get(`/api/v1/users/${zhangMe.user.id}`)).statusCode).toBe(200);
  });
});

describe('a distributor agent', () => {
  it('sees the units its company sold, not the others', async () => {
    const huadong = await Session.signIn(server.app, 'agent@huadong.example');
    const units = (await huadong.get('/api/v1/units?limit=500')).json().items as {
      seller: { key: string } | null;
    }[];
    expect(units.length).toBeGreaterThan(10);
    expect(units.every((u) => u.seller?.key === 'huadong-trading')).toBe(true);
    expect((await huadong.get(unitUrl(ZHANG_PURIFIER))).statusCode).toBe(200);
    expect((await huadong.get(unitUrl(GD_CHILLER))).statusCode).toBe(404);
  });
});

describe('the home party', () => {
  it('lets counsel read everything and change nothing', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    expect((await counsel.get(unitUrl(GD_CHILLER))).statusCode).toBe(200);
    expect((await counsel.get('/api/v1/users')).statusCode).toBe(200);
    expect((await counsel.get('/api/v1/documents')).statusCode).toBe(200);
    const refused = await counsel.patch(unitUrl(GD_CHILLER), { territory: 'CN-SH' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect(
      (await counsel.post('/api/v1/parties', { key: 'x1', name: 'X', roles: ['customer'] })).statusCode,
    ).toBe(403);
  });

  it('lets agents register units but not change the catalogue or users', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (await agent.post('/api/v1/products', { model: 'X-1', name: 'X', partCategories: [] })).statusCode,
    ).toBe(403);
    expect(
      (
        await agent.post('/api/v1/users', {
          email: 'new@acme.example',
          name: 'N',
          role: 'admin',
          party: 'acme',
          password: 'long-enough-pw',
        })
      ).statusCode,
    ).toBe(403);
    const unit = await agent.post('/api/v1/units', {
      serial: 'PA3-SCOPE-1',
      product: 'PA-300',
      owner: 'consumer-li-na',
      territory: 'CN-SH',
    });
    expect(unit.statusCode).toBe(201);
  });
});

describe('another tenant', () => {
  it('sees none of this tenant’s records, by id, serial or list', async () => {
    const rival = await Session.signIn(server.app, 'admin@rival.example', 'rival-password');
    const acme = await Session.signIn(server.app, 'admin@acme.example');
    expect((await rival.get(unitUrl(SH_CHILLER))).statusCode).toBe(404);
    expect((await rival.get(`/api/v1/units/by-serial/${SH_CHILLER}`)).statusCode).toBe(404);
    expect((await rival.get(`/api/v1/parties/${zhangWeiPartyId}`)).statusCode).toBe(404);
    expect((await rival.patch(`/api/v1/parties/${zhangWeiPartyId}`, { name: 'taken over' })).statusCode).toBe(
      404,
    );
    expect((await rival.delete(unitUrl(SH_CHILLER))).statusCode).toBe(404);
    expect((await rival.get('/api/v1/units')).json().items).toEqual([]);
    expect((await rival.get('/api/v1/products')).json().items).toEqual([]);
    expect((await rival.get('/api/v1/documents')).json().items).toEqual([]);
    const rivalParties = (await rival.get('/api/v1/parties')).json().items.map((p: { key: string }) => p.key);
    expect(rivalParties).toEqual(['rival']);
    const acmeProduct = (await acme.get('/api/v1/products')).json().items[0];
    expect((await rival.get(`/api/v1/products/${acmeProduct.id}`)).statusCode).toBe(404);
    const acmeUser = (await acme.get('/api/v1/me')).json().user;
    expect((await rival.get(`/api/v1/users/${acmeUser.id}`)).statusCode).toBe(404);
    // Naming this tenant's parties in a write does not reach them either.
    const unit = await rival.post('/api/v1/units', {
      serial: 'R-1',
      product: 'CH-900',
      owner: 'ruijin-hospital',
      territory: 'CN-SH',
    });
    expect(unit.statusCode).toBe(400);
    expect(
      unit
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/owner', '/body/product']);
  });
});

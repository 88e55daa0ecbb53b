import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseQueue, openCase } from '../src/app/case/index.ts';
import type { Actor } from '../src/domain/access/index.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Issue 14, intake and the queue: an agent finds the customer and the unit, sees the decision and
 * the promise before saving, records the channel; an inquiry without a unit runs on the default
 * service levels; the queue pages to the end, searches Chinese and English, counts, and acts in
 * bulk; another party gets "not found" for what is not its own.
 */
const now = new Date('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai
let server: DemoServer;
let agent: Session;

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  agent = await Session.signIn(server.app, 'agent@acme.example');
});
afterAll(async () => {
  await server?.close();
});

const caseCount = async () =>
  Number(
    (
      await server.db.deps.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('new case: finding the customer and the unit', () => {
  it('finds a customer by the start of its English or Chinese name, e-mail or phone', async () => {
    const byName = (await agent.get('/api/v1/intake/customers?q=ruij')).json().items;
    expect(byName.map((c: { key: string }) => c.key)).toContain('ruijin-hospital');
    const ruijin = byName.find((c: { key: string }) => c.key === 'ruijin-hospital');
    expect(ruijin.units).toBeGreaterThan(0);
    const byZh = (await agent.get(`/api/v1/intake/customers?q=${encodeURIComponent('瑞金')}`)).json().items;
    expect(byZh[0].nameZh).toBe('瑞金医院');
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/parties',
      payload: {
        key: 'caller-li',
        name: 'Li Ming',
        roles: ['customer'],
        email: 'li.ming@caller.example',
        phone: '+86 21 6437-0045',
      },
    });
    expect([200, 201]).toContain(created.statusCode);
    const byPhone = (await agent.get('/api/v1/intake/customers?q=8621%206437')).json().items;
    expect(byPhone.map((c: { key: string }) => c.key)).toEqual(['caller-li']);
    const byMail = (await agent.get('/api/v1/intake/customers?q=LI.MING@')).json().items;
    expect(byMail.map((c: { key: string }) => c.key)).toEqual(['caller-li']);
  });

  it('refuses the lookup to customers and partners', async () => {
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await customer.get('/api/v1/intake/customers?q=ruij')).statusCode).toBe(403);
    const partner = await Session.signIn(server.app, 'technician@fixit.example');
    expect((await partner.get('/api/v1/intake/units?serial=CH9')).statusCode).toBe(403);
  });

  it("finds a unit by the start of its serial, ignoring case and spaces, or among the customer's units", async () => {
    const bySerial = (await agent.get('/api/v1/intake/units?serial=ch9-2024-000%2031')).json().items;
    expect(bySerial.map((u: { serial: string }) => u.serial)).toContain('CH9-2024-00031');
    const unit = bySerial.find((u: { serial: string }) => u.serial === 'CH9-2024-00031');
    expect(unit.owner.name).toBe('Ruijin Hospital');
    const owned = (await agent.get(`/api/v1/intake/units?customer=${unit.owner.id}`)).json().items;
    expect(owned.every((u: { owner: { key: string } }) => u.owner.key === 'ruijin-hospital')).toBe(true);
    expect(owned.map((u: { serial: string }) => u.serial)).toContain('CH9-2024-00031');
  });
});

describe('new case: the decision and the promise before saving', () => {
  it('previews the entitlement and the clocks of a phone call without writing anything', async () => {
    const before = await caseCount();
    const preview = await agent.post('/api/v1/cases/preview', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2024-00031',
      channel: 'phone',
      description: 'Compressor trips on start',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.customer.key).toBe('ruijin-hospital');
    expect(p.unit.serial).toBe('CH9-2024-00031');
    expect(p.decision.covered).toBe(true);
    expect(p.agreement).toMatchObject({ id: 'acme-chiller-b2b-cn', defaultLevels: false });
    const response = p.clocks.find((c: { target: string }) => c.target === 'response');
    expect(response).toMatchObject({ duration: 'PT4H', clock: 'business', status: 'running' });
    expect(response.dueAt).not.toBeNull();
    expect(await caseCount()).toBe(before);
    // The opening decides the same.
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2024-00031',
      channel: 'phone',
      description: 'Compressor trips on start',
      failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json().decision.covered).toBe(true);
    expect(opened.json().clocks.find((c: { target: string }) => c.target === 'response').dueAt).toBe(
      response.dueAt,
    );
  });

  it('records the channel from a closed vocabulary, naming the allowed values', async () => {
    const refused = await agent.post('/api/v1/cases', {
      kind: 'inquiry',
      severity: 'normal',
      customer: 'ruijin-hospital',
      channel: 'fax',
      description: 'Asks about the manual',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('walk_in');
  });

  it('holds a phone inquiry without a serial to the default service levels of the terms', async () => {
    const preview = (
      await agent.post('/api/v1/cases/preview', {
        kind: 'inquiry',
        severity: 'normal',
        customer: 'ruijin-hospital',
        channel: 'phone',
        description: 'How do I book the yearly maintenance?',
      })
    ).json();
    expect(preview.agreement).toMatchObject({ id: 'acme-chiller-b2b-cn', defaultLevels: true });
    const opened = await agent.post('/api/v1/cases', {
      kind: 'inquiry',
      severity: 'normal',
      customer: 'ruijin-hospital',
      channel: 'phone',
      description: 'How do I book the yearly maintenance?',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json();
    expect(c.unit).toBeNull();
    expect(c.channel).toBe('phone');
    const response = c.clocks.find((k: { target: string }) => k.target === 'response');
    expect(response).toMatchObject({
      side: 'promise',
      duration: 'PT8H',
      agreement: { id: 'acme-chiller-b2b-cn' },
      ref: '§4',
      status: 'running',
    });
    expect(response.dueAt).not.toBeNull();
  });
});

describe('the queue', () => {
  const ids: string[] = [];
  let actor: Actor;

  beforeAll(async () => {
    actor = {
      tenantId: server.tenantId,
      ...(await server.db.deps.db
        .selectFrom('users')
        .select(['user_id as userId', 'party_id as partyId'])
        .where('email', '=', 'agent@acme.example')
        .executeTakeFirstOrThrow()),
      role: 'agent' as const,
      homeParty: true,
      authenticatedBy: 'session' as const,
    };
    for (let i = 0; i < 120; i++) {
      const c = await openCase(server.db.deps, actor as never, {
        kind: 'inquiry',
        severity: 'normal',
        customer: 'ruijin-hospital',
        channel: 'phone',
        description: i === 7 ? 'Condenser fan noisy at night' : `Question number ${i} / 第${i}个问题`,
      });
      ids.push(c.id);
    }
    const message = await agent.post(`/api/v1/cases/${ids[3]}/messages`, {
      body: '压缩机 高压 报警，请尽快处理',
    });
    expect(message.statusCode, message.body).toBe(200);
    const note = await agent.post(`/api/v1/cases/${ids[4]}/messages`, {
      body: '内部备注 secretword',
      visibility: 'internal',
    });
    expect(note.statusCode).toBe(200);
  });

  it('pages past 100 cases to the end with the cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = (
        await agent.get(
          `/api/v1/cases/queue?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
      ).json();
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(cursor).toBeUndefined();
    expect(pages).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(seen.has(id)).toBe(true);
  });

  it('shows a subject and counts per filter', async () => {
    const page = (await agent.get('/api/v1/cases/queue?limit=200')).json();
    expect(page.items.find((i: { id: string }) => i.id === ids[7]).subject).toBe(
      'Condenser fan noisy at night',
    );
    const counts = (await agent.get('/api/v1/cases/queue/counts')).json();
    expect(counts.open).toBeGreaterThanOrEqual(120);
    expect(counts.unassigned).toBeGreaterThanOrEqual(120);
    expect(counts.byState.new).toBeGreaterThanOrEqual(119);
    expect(counts.bySeverity.normal).toBeGreaterThanOrEqual(120);
  });

  it('finds a case by a Chinese word of a message, an English word prefix, its number and the customer', async () => {
    const find = async (q: string) =>
      (await agent.get(`/api/v1/cases/queue?limit=200&q=${encodeURIComponent(q)}`))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await find('压缩机')).toEqual([ids[3]]);
    expect(await find('高压报警')).toEqual([ids[3]]);
    expect(await find('condenser')).toEqual([ids[7]]);
    expect(await find('CONDENS noisy')).toEqual([ids[7]]);
    const number = (await agent.get(`/api/v1/cases/${ids[9]}`)).json().number;
    expect(await find(number)).toContain(ids[9]);
    expect((await find('瑞金医院')).length).toBeGreaterThanOrEqual(120);
    // An internal note is not searched: it would tell a customer what the note says.
    expect(await find('secretword')).toEqual([]);
    expect(await find('&|!')).toEqual([]);
  });

  it('lists the same cases in the same order, page by page, whichever way a search is read', async () => {
    // Every page to the end, 7 at a time: the matches read by their ids (few), the open cases'
    // GIN index counting more than `few` then the risk index walked, and the next open cases
    // looked at first (a word common there walks the risk index without asking the GIN index).
    const all = async (
      q: string,
      tuning: { few?: number; head?: number },
      more: { severity?: string } = {},
    ) => {
      const out: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCaseQueue(server.db.deps, actor, { limit: 7, q, cursor, ...more }, tuning);
        out.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    for (const q of ['question', 'question number', '瑞金医院', 'condens', '压缩机', 'nothing-like-it']) {
      for (const more of [{}, { severity: 'normal' }]) {
        const byIds = await all(q, { few: 1_000_000, head: 0 }, more);
        expect(await all(q, { few: 1, head: 0 }, more), q).toEqual(byIds);
        expect(await all(q, {}, more), q).toEqual(byIds);
        expect(await all(q, { few: 1 }, more), q).toEqual(byIds);
      }
    }
    expect((await all('question', {})).length).toBeGreaterThanOrEqual(119); // all but ids[7]
    expect(await all('condens', {})).toEqual([ids[7]]);
  });

  it('assigns and changes state in bulk; resolved cases stay reachable by their state', async () => {
    const me = await server.db.deps.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', 'agent@acme.example')
      .executeTakeFirstOrThrow();
    const assigned = await agent.post('/api/v1/cases/bulk', {
      ids: ids.slice(0, 3),
      assign: { agentUserId: me.user_id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().items.every((i: { done: boolean }) => i.done)).toBe(true);
    const resolved = await agent.post('/api/v1/cases/bulk', {
      ids: ids.slice(0, 3),
      state: { state: 'resolved', reason: 'answered on the phone' },
    });
    expect(resolved.json().items.map((i: { state: string }) => i.state)).toEqual([
      'resolved',
      'resolved',
      'resolved',
    ]);
    const done = (await agent.get('/api/v1/cases/queue?state=resolved&limit=10')).json().items;
    expect(done.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(ids.slice(0, 3)));
    const open = (await agent.get('/api/v1/cases/queue?limit=500')).json().items;
    expect(open.some((i: { id: string }) => i.id === ids[0])).toBe(false);
  });

  it("gives another customer and another partner 'not found' for every case in a bulk action", async () => {
    for (const email of ['zhang.wei@example.com', 'partner@pearlriver.example']) {
      const other = await Session.signIn(server.app, email);
      const reply = await other.post('/api/v1/cases/bulk', {
        ids: ids.slice(5, 8),
        state: { state: 'closed' },
      });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json().items.map((i: { problem: { code: string } }) => i.problem.code)).toEqual([
        'not_found',
        'not_found',
        'not_found',
      ]);
      const search = (await other.get(`/api/v1/cases/queue?q=${encodeURIComponent('压缩机')}`)).json();
      expect(search.items).toEqual([]);
    }
    const still = (await agent.get(`/api/v1/cases/${ids[5]}`)).json();
    expect(still.state).toBe('new');
  });
});

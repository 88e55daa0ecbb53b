import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let now = new Date('2026-11-23T02:00:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

interface Item {
  id: string;
  number: string;
  state: string;
  breached: boolean;
  updatedAt: string;
}

describe(`resolved and closed cases (GET /api/v1/cases/history) on ${ENGINE}`, () => {
  const opened: string[] = [];

  it('lists them most recently changed first, paged, and never in the queue', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    // Ruijin's installed chiller, and a chiller of another customer.
    const other = await server.db.deps.db
      .selectFrom('units')
      .innerJoin('parties', (j) =>
        j
          .onRef('parties.tenant_id', '=', 'units.tenant_id')
          .onRef('parties.party_id', '=', 'units.owner_party_id'),
      )
      .select('units.serial')
      .where('units.serial', 'like', 'CH9-%')
      .where('parties.key', '!=', 'ruijin-hospital')
      .orderBy('units.serial')
      .executeTakeFirstOrThrow();
    for (const serial of ['CH9-2024-00031', other.serial, 'CH9-2024-00031']) {
      const response = await agent.post('/api/v1/cases', {
        kind: 'repair',
        severity: 'normal',
        serial,
        description: 'Compressor noise',
        failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
      });
      expect(response.statusCode).toBe(201);
      opened.push(response.json().id);
    }
    // Resolved one after another, an hour apart; the last is then closed.
    for (const id of opened) {
      now = new Date(now.getTime() + 3600_000);
      expect((await agent.post(`/api/v1/cases/${id}/state`, { state: 'resolved' })).statusCode).toBe(200);
    }
    now = new Date(now.getTime() + 3600_000);
    expect((await agent.post(`/api/v1/cases/${opened[2]}/state`, { state: 'closed' })).statusCode).toBe(200);

    const first = await agent.get('/api/v1/cases/history?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: Item[]; nextCursor?: string };
    expect(page1.items.map((i) => i.id)).toEqual([opened[2], opened[1]]);
    expect(page1.items[0]).toMatchObject({ state: 'closed', breached: false });
    const second = await agent.get(
      `/api/v1/cases/history?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`,
    );
    const page2 = second.json() as { items: Item[]; nextCursor?: string };
    expect(page2.items.map((i) => i.id)).toEqual([opened[0]]);
    expect(page2.nextCursor).toBeUndefined();

    const queue = JSON.stringify((await agent.get('/api/v1/cases/queue?limit=500')).json());
    for (const id of opened) expect(queue).not.toContain(id);
  });

  it('shows a customer its own past requests only; another customer and a partner see none of them', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const own = (await ruijin.get('/api/v1/cases/history')).json() as { items: Item[] };
    const ownIds = own.items.map((i) => i.id);
    expect(ownIds).toContain(opened[0]);
    expect(ownIds).toContain(opened[2]);
    expect(ownIds).not.toContain(opened[1]);

    for (const email of ['zhang.wei@example.com', 'partner@pearlriver.example']) {
      const other = await Session.signIn(server.app, email);
      const seen = (await other.get('/api/v1/cases/history')).json() as { items: Item[] };
      for (const id of opened) expect(seen.items.map((i) => i.id)).not.toContain(id);
    }
  });

  it('refuses a cursor it did not issue, in the history and in the queue', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const response = await agent.get('/api/v1/cases/history?cursor=bogus');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    // Well-formed, but not a time: refused the same way, not a server error.
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    expect((await agent.get(`/api/v1/cases/history?cursor=${forged}`)).statusCode).toBe(400);
    expect((await agent.get(`/api/v1/cases/queue?cursor=${forged}`)).statusCode).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Huadong's agreement (§6) makes it first-line support and customer contact for its customers: its
 * agent takes a phone call and opens the case for a unit Huadong sold, works it, and sees it in its
 * queue; a unit Huadong did not sell is not found; partners and other customers see nothing of it.
 */
const now = new Date('2026-11-23T01:30:00Z');
const HUADONG_SOLD = 'PA3-2026-118842'; // Zhang Wei's purifier, sold by Huadong in Shanghai
const NOT_HUADONG = 'CH9-2025-00981'; // a chiller in Guangdong, sold by ACME itself
let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const phoneCall = (serial: string) => ({
  kind: 'repair',
  severity: 'normal',
  serial,
  channel: 'phone',
  description: 'The purifier stops after ten minutes. / 净化器运行十分钟后停机。',
  failure: { partCategory: 'motor', cause: 'manufacturing_defect' },
});

describe("a distributor's agent takes in its customers' requests", () => {
  let caseId = '';

  it('opens a case by phone for a unit Huadong sold, for its owner, citing §6 of the distribution agreement', async () => {
    const huadong = await Session.signIn(server.app, 'agent@huadong.example');
    const opened = await huadong.post('/api/v1/cases', phoneCall(HUADONG_SOLD));
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json();
    caseId = c.id;
    expect(c.customer.key).toBe('consumer-zhang-wei');
    expect(c.channel).toBe('phone');
    expect(c.clocks.length).toBeGreaterThan(0);
    const entry = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('entry_type', '=', 'case.opened')
      .where('subject_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const payload = typeof entry.payload === 'string' ? JSON.parse(entry.payload) : entry.payload;
    expect(payload.intake).toMatchObject({
      duty: 'first_line_support',
      agreement: { id: 'huadong-distribution' },
      ref: '§6',
    });
  });

  it('gets 404 for a unit Huadong did not sell, and nothing is written', async () => {
    const huadong = await Session.signIn(server.app, 'agent@huadong.example');
    const count = async () =>
      Number(
        (
          await server.db.deps.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const refused = await huadong.post('/api/v1/cases', phoneCall(NOT_HUADONG));
    expect(refused.statusCode).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const inquiry = await huadong.post('/api/v1/cases', {
      kind: 'inquiry',
      severity: 'low',
      channel: 'phone',
      description: 'A question without a serial.',
    });
    expect(inquiry.statusCode).toBe(400);
    expect(inquiry.json().errors[0].path).toBe('/body/serial');
    expect(await count()).toBe(before);
  });

  it('works the case: sees it in its queue, replies to the customer and moves it on', async () => {
    const huadong = await Session.signIn(server.app, 'agent@huadong.example');
    const queue = (await huadong.get('/api/v1/cases/queue')).json().items as { id: string }[];
    expect(queue.map((i) => i.id)).toContain(caseId);
    const reply = await huadong.post(`/api/v1/cases/${caseId}/messages`, {
      body: '我们的工程师明天上午联系您。',
      visibility: 'public',
    });
    expect(reply.statusCode, reply.body).toBeLessThan(300);
    const moved = await huadong.post(`/api/v1/cases/${caseId}/state`, { state: 'in_progress' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().state).toBe('in_progress');
  });

  it('the customer sees it; a partner, another customer and a partner technician do not, and a partner cannot open one', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await pearl.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await pearl.post('/api/v1/cases', phoneCall(HUADONG_SOLD))).statusCode).toBe(403);
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    expect((await tech.post('/api/v1/cases', phoneCall(HUADONG_SOLD))).statusCode).toBe(403);
  });
});

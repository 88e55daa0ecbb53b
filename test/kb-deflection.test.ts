/**
 * Articles ranked by the cases they prevented (issue 19): a customer's read of an article followed
 * by no case of that customer within 7 days is a case prevented; a read followed by a case is not;
 * a read younger than 7 days is pending. Staff reads are not counted; a second read the same day
 * is the same read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

const DAY = 86_400_000;
let now = new Date('2026-11-10T02:00:00Z');
let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const E12 = 'ch900-e12-high-discharge-pressure';
const PA300_FILTER = 'pa300-filter-replacement';
const PA300_NOISE = 'pa300-fan-noise';

describe(`articles ranked by the cases they prevented on ${ENGINE}`, () => {
  it('a read with no case in 7 days ranks above a read followed by a case; pending until the window passes', async () => {
    const day = now.toISOString().slice(0, 10);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    // Ruijin reads the E12 article twice that day (one read) and opens no case.
    for (let i = 0; i < 2; i++)
      expect((await ruijin.get(`/api/v1/kb/read/${E12}?lang=zh`)).statusCode).toBe(200);
    // Zhang Wei reads two PA-300 articles, then opens a case the next day.
    expect((await zhang.get(`/api/v1/kb/read/${PA300_FILTER}?lang=zh`)).statusCode).toBe(200);
    expect((await zhang.get(`/api/v1/kb/read/${PA300_NOISE}?lang=zh`)).statusCode).toBe(200);
    // The agent reading an article is no customer's read.
    expect((await agent.get(`/api/v1/kb/read/${PA300_NOISE}?lang=en`)).statusCode).toBe(200);

    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const early = (await manager.get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`)).json();
    expect(early.articles).toHaveLength(3);
    for (const a of early.articles)
      expect(a).toMatchObject({ reads: 1, prevented: 0, followed: 0, pending: 1 });

    now = new Date(now.getTime() + DAY);
    const opened = await (await Session.signIn(server.app, 'zhang.wei@example.com')).post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'PA3-2026-118842',
      description: 'The fan still rattles after the filter change. 换滤网后风扇仍有异响。',
    });
    expect(opened.statusCode, opened.body).toBe(201);

    now = new Date(now.getTime() + 8 * DAY);
    const later = (
      await (
        await Session.signIn(server.app, 'manager@acme.example')
      ).get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`)
    ).json();
    expect(later.articles[0]).toEqual({
      key: E12,
      title: expect.objectContaining({ zh: expect.stringContaining('E12') }),
      reads: 1,
      prevented: 1,
      followed: 0,
      pending: 0,
    });
    expect(
      later.articles
        .slice(1)
        .map((a: { key: string }) => a.key)
        .sort(),
    ).toEqual([PA300_FILTER, PA300_NOISE].sort());
    for (const a of later.articles.slice(1))
      expect(a).toMatchObject({ reads: 1, prevented: 0, followed: 1, pending: 0 });
  });

  it('a partner or a customer cannot read the ranking', async () => {
    const day = new Date(now.getTime() - 9 * DAY).toISOString().slice(0, 10);
    for (const who of ['partner@fixit.example', 'customer@ruijin.example']) {
      const s = await Session.signIn(server.app, who);
      const r = await s.get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`);
      expect([403, 404]).toContain(r.statusCode);
    }
  });

  it('reads the reads through their index', async () => {
    const { sql } = await import('kysely');
    const db = server.db.deps.db;
    await sql`SET enable_seqscan = off`.execute(db);
    try {
      const plan = await sql`EXPLAIN SELECT * FROM kb_article_reads WHERE tenant_id = ${server.tenantId}
        AND read_at >= now() AND read_at < now()`.execute(db);
      expect(plan.rows.map((r) => Object.values(r as object)[0]).join('\n')).toMatch(
        /kb_article_reads_by_time/,
      );
    } finally {
      await sql`SET enable_seqscan = on`.execute(db);
    }
  });
});

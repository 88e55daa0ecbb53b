import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** 07:30 on Monday 23 November 2026 in Shanghai: still the 22nd in UTC. */
let now = new Date('2026-11-22T23:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

const opening = (partCategory: string, cause = 'manufacturing_defect') => ({
  kind: 'repair',
  severity: 'high',
  serial: 'CH9-2024-00031',
  description: 'Compressor trips on start.',
  channel: 'phone',
  failure: { partCategory, cause },
});

describe('decisions only from checked facts', () => {
  it('refuses a misspelt or differently cased part category with the allowed values, and stores nothing', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const before = (await agent.get('/api/v1/cases/queue')).json().items.length;
    for (const typo of ['compresor', 'Compressor']) {
      const refused = await agent.post('/api/v1/cases', opening(typo));
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const problem = refused.json();
      expect(problem.code).toBe('invalid_input');
      expect(problem.errors[0].path).toBe('/body/failure/partCategory');
      expect(problem.errors[0].allowed).toContain('compressor');
      expect(problem.errors[0].message).toContain(`"${typo}" is not a part category of CH-900`);
      expect(problem.detail).toContain('Allowed: ');
    }
    const zh = await agent.request({
      method: 'POST',
      url: '/api/v1/cases',
      payload: opening('compresor'),
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().errors[0].message).toContain('不是CH-900 的部件类别；可选值：');
    expect(zh.json().detail).toContain('可选值');
    expect((await agent.get('/api/v1/cases/queue')).json().items.length).toBe(before);
  });

  it('refuses a cause the terms do not know, naming the known ones', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const refused = await agent.post('/api/v1/cases', opening('compressor', 'gremlins'));
    expect(refused.statusCode).toBe(400);
    const field = refused.json().errors[0];
    expect(field.path).toBe('/body/failure/cause');
    expect(field.allowed).toEqual(
      expect.arrayContaining(['manufacturing_defect', 'misuse', 'power_quality']),
    );
  });

  it('dates the event in the terms’ zone: 07:30 in Shanghai is the 23rd, though UTC still says the 22nd', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', opening('compressor'));
    expect(opened.statusCode).toBe(201);
    expect(opened.json().decision).toMatchObject({
      covered: true,
      event_date: '2026-11-23',
      cites: ['§2.3'],
    });
  });

  it('says the same last day in the portal, the console’s case and the API: "covered through"', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const warranty = (await ruijin.get('/api/v1/warranty/CH9-2025-00417')).json();
    const compressor = warranty.parts.find((p: { partCategory: string }) => p.partCategory === 'compressor');
    const opened = await agent.post('/api/v1/cases', { ...opening('compressor'), serial: 'CH9-2025-00417' });
    const decision = opened.json().decision;
    expect(decision.covered_through.compressor).toBe(compressor.lastDay);
    expect(decision.cover_ends).toBeUndefined();
    const shown = (await agent.get(`/api/v1/cases/${opened.json().id}`)).json().decision;
    expect(shown.covered_through.compressor).toBe(compressor.lastDay);
  });

  it('checks the warranty on the terms’ date: after the last day in Shanghai, cover has ended, whatever UTC says', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const lastDay = (await ruijin.get('/api/v1/warranty/CH9-2025-00417'))
      .json()
      .parts.find((p: { partCategory: string }) => p.partCategory === 'compressor').lastDay as string;
    // 01:00 in Shanghai the day after the last day covered: still the last day in UTC.
    now = new Date(`${lastDay}T17:00:00Z`);
    const later = await Session.signIn(server.app, 'customer@ruijin.example');
    const after = (await later.get('/api/v1/warranty/CH9-2025-00417')).json();
    const compressor = after.parts.find((p: { partCategory: string }) => p.partCategory === 'compressor');
    expect(after.checkedOn > lastDay).toBe(true);
    expect(compressor).toMatchObject({ covered: false, reason: 'expired', lastDay });
    now = new Date('2026-11-22T23:30:00Z');
  });

  it('asks for a return and opens its case in one transaction: a refused return leaves no case behind', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const ask = () =>
      zhang.post('/api/v1/returns', {
        serial: 'PA5-NEW-000001',
        reason: 'no_reason',
        conditions: { original_packaging: true, proof_of_purchase: true },
      });
    const first = await ask();
    expect(first.statusCode).toBe(201);
    const casesBefore = (await zhang.get('/api/v1/cases/queue')).json().items.length;
    const second = await ask();
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('return_already_open');
    expect((await zhang.get('/api/v1/cases/queue')).json().items.length).toBe(casesBefore);
  });
});

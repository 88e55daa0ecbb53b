import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * The case page's day (issue 14): notes for the brand only beside notes shared with the partner,
 * the full activity in words for each reader, "unread" on every list, and saved replies filled in
 * for the case. A second partner and the customer try what is not theirs.
 */
let server: DemoServer;
let caseId: string;
let agent: Session;
let customer: Session;
let partner: Session;
beforeAll(async () => {
  server = await startDemoServer();
  agent = await Session.signIn(server.app, 'agent@acme.example');
  customer = await Session.signIn(server.app, 'customer@ruijin.example');
  partner = await Session.signIn(server.app, 'partner@fixit.example');
  const opened = await customer.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'normal',
    serial: 'CH9-2024-00031',
    description: 'Compressor trips on start.\nSince this morning.',
  });
  expect(opened.statusCode, opened.body).toBe(201);
  caseId = opened.json().id;
  const assigned = await agent.post(`/api/v1/cases/${caseId}/assignment`, {
    servicePartner: 'fixit-shanghai',
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

const bodies = async (who: Session) => {
  const activity = await who.get(`/api/v1/cases/${caseId}/activity`);
  expect(activity.statusCode, activity.body).toBe(200);
  return (activity.json().messages as { body: string; visibility: string }[]).map(
    (m) => `${m.visibility}:${m.body}`,
  );
};

describe('notes: shared with the partner, or for the brand only', () => {
  it('shows each reader what it may read', async () => {
    for (const [visibility, body] of [
      ['public', 'We are on it.'],
      ['internal', 'FixIt: bring a compressor.'],
      ['brand', 'FixIt missed two targets this month; watch this one.'],
    ] as const) {
      const sent = await agent.post(`/api/v1/cases/${caseId}/messages`, { body, visibility });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    expect(await bodies(agent)).toEqual([
      'public:We are on it.',
      'internal:FixIt: bring a compressor.',
      'brand:FixIt missed two targets this month; watch this one.',
    ]);
    expect(await bodies(partner)).toEqual(['public:We are on it.', 'internal:FixIt: bring a compressor.']);
    expect(await bodies(customer)).toEqual(['public:We are on it.']);
  });

  it('lets only the brand write a note for the brand only, and only staff and partners write notes', async () => {
    const byPartner = await partner.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'x',
      visibility: 'brand',
    });
    expect(byPartner.statusCode).toBe(400);
    expect(byPartner.json().errors[0].path).toBe('/body/visibility');
    const byCustomer = await customer.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'x',
      visibility: 'internal',
    });
    expect(byCustomer.statusCode).toBe(400);
    const unknown = await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'x', visibility: 'secret' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('brand');
  });

  it('keeps a second partner out (404)', async () => {
    const other = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await other.get(`/api/v1/cases/${caseId}/activity`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/cases/${caseId}/read`, {})).statusCode).toBe(404);
  });
});

describe('the full activity', () => {
  it('lists assignment, state and severity changes with who made them, for the brand', async () => {
    expect((await agent.post(`/api/v1/cases/${caseId}/severity`, { severity: 'high' })).statusCode).toBe(200);
    expect(
      (await agent.post(`/api/v1/cases/${caseId}/state`, { state: 'waiting_on_customer' })).statusCode,
    ).toBe(200);
    const events = (await agent.get(`/api/v1/cases/${caseId}/activity`)).json().events as {
      type: string;
      from: string | null;
      to: string | null;
      author: string | null;
    }[];
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.opened', 'case.assigned', 'case.severity_changed', 'case.state_changed']),
    );
    expect(types).not.toContain('case.reply_sent');
    const severity = events.find((e) => e.type === 'case.severity_changed')!;
    expect([severity.from, severity.to]).toEqual(['normal', 'high']);
    expect(severity.author).toMatch(/\S/);
    const state = events.find((e) => e.type === 'case.state_changed' && e.to === 'waiting_on_customer');
    expect(state).toBeDefined();
  });

  it('shows the partner the work and the customer only the steps of its request', async () => {
    const forPartner = (
      (await partner.get(`/api/v1/cases/${caseId}/activity`)).json().events as { type: string }[]
    ).map((e) => e.type);
    expect(forPartner).toEqual(
      expect.arrayContaining(['case.assigned', 'case.severity_changed', 'case.state_changed']),
    );
    const forCustomer = (
      (await customer.get(`/api/v1/cases/${caseId}/activity`)).json().events as { type: string }[]
    ).map((e) => e.type);
    expect(forCustomer).toContain('case.state_changed');
    expect(forCustomer).not.toContain('case.assigned');
    expect(forCustomer).not.toContain('case.severity_changed');
  });
});

describe('unread on the lists', () => {
  const unreadIn = async (who: Session, list: string) => {
    const page = await who.get(list);
    expect(page.statusCode, page.body).toBe(200);
    const item = (
      page.json().items as { id: string; unread: boolean; openedAt: string; subject: string }[]
    ).find((i) => i.id === caseId);
    expect(item, `case in ${list}`).toBeDefined();
    return item!;
  };

  it('marks the agent’s reply new for the customer until she reads the case', async () => {
    const item = await unreadIn(customer, '/api/v1/cases/queue?limit=100');
    expect(item.unread).toBe(true);
    expect(item.subject).toBe('Compressor trips on start.');
    expect(Number.isNaN(Date.parse(item.openedAt))).toBe(false);
    expect((await customer.post(`/api/v1/cases/${caseId}/read`, {})).statusCode).toBe(200);
    expect((await unreadIn(customer, '/api/v1/cases/queue?limit=100')).unread).toBe(false);
  });

  it('marks the customer’s answer new for the agent and the partner, each until they read it', async () => {
    await agent.post(`/api/v1/cases/${caseId}/read`, {});
    await partner.post(`/api/v1/cases/${caseId}/read`, {});
    expect((await unreadIn(agent, '/api/v1/cases/queue?limit=100')).unread).toBe(false);
    await new Promise((r) => setTimeout(r, 5));
    const answered = await customer.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'It trips at 7:00 each day.',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await unreadIn(agent, '/api/v1/cases/queue?limit=100')).unread).toBe(true);
    expect((await unreadIn(partner, '/api/v1/cases/queue?limit=100')).unread).toBe(true);
    // A note the agent adds is no news for the customer.
    await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'Asked FixIt.', visibility: 'brand' });
    expect((await unreadIn(customer, '/api/v1/cases/queue?limit=100')).unread).toBe(false);
    await agent.post(`/api/v1/cases/${caseId}/read`, {});
    expect((await unreadIn(agent, '/api/v1/cases/queue?limit=100')).unread).toBe(false);
    expect((await unreadIn(partner, '/api/v1/cases/queue?limit=100')).unread).toBe(true);
  });
});

describe('saved replies', () => {
  let replyId: string;

  it('are saved by an agent with known blanks only, the allowed ones named', async () => {
    const bad = await agent.post('/api/v1/canned-replies', {
      title: 'Typo',
      language: 'en',
      body: 'Dear {{customr}},',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].message).toContain('{{customr}}');
    expect(bad.json().errors[0].message).toContain('{{customer}}');
    const saved = await agent.post('/api/v1/canned-replies', {
      title: 'Technician on the way',
      language: 'en',
      body: 'Dear {{customer}}, a technician will visit about {{case}} ({{serial}}). {{agent}}',
    });
    expect(saved.statusCode, saved.body).toBe(201);
    replyId = saved.json().id;
    const zh = await agent.post('/api/v1/canned-replies', {
      title: '技术员已出发',
      language: 'zh',
      body: '{{customer}}您好，关于服务单 {{case}}，技术员已出发。',
    });
    expect(zh.statusCode, zh.body).toBe(201);
    const again = await agent.post('/api/v1/canned-replies', {
      title: 'Technician on the way',
      language: 'en',
      body: 'x',
    });
    expect(again.statusCode).toBe(409);
  });

  it('are filled in for the case: the customer’s name in the reply’s language and its public reference', async () => {
    const view = (await agent.get(`/api/v1/cases/${caseId}`)).json();
    const publicRef = (await customer.get(`/api/v1/cases/${caseId}`)).json().number as string;
    expect(publicRef).not.toBe(view.number);
    const list = await agent.get(`/api/v1/canned-replies?case=${caseId}`);
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { title: string; filled: string }[];
    const en = items.find((i) => i.title === 'Technician on the way')!;
    expect(en.filled).toContain('Dear Ruijin');
    expect(en.filled).toContain(publicRef);
    expect(en.filled).toContain('CH9-2024-00031');
    expect(en.filled).not.toContain('{{');
    const zh = items.find((i) => i.title === '技术员已出发')!;
    expect(zh.filled).toContain('瑞金');
  });

  it('stay with the brand’s staff: customers and partners get 403, counsel cannot change them', async () => {
    expect((await customer.get('/api/v1/canned-replies')).statusCode).toBe(403);
    expect((await partner.get('/api/v1/canned-replies')).statusCode).toBe(403);
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    expect((await counsel.delete(`/api/v1/canned-replies/${replyId}`)).statusCode).toBe(403);
    const changed = await agent.request({
      method: 'PUT',
      url: `/api/v1/canned-replies/${replyId}`,
      payload: { title: 'Technician on the way', language: 'en', body: 'On the way, {{customer}}.' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await agent.delete(`/api/v1/canned-replies/${replyId}`)).statusCode).toBe(204);
    expect((await agent.delete(`/api/v1/canned-replies/${replyId}`)).statusCode).toBe(404);
  });
});

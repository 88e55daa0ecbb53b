import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** Monday 2026-11-23 09:30 in Shanghai. */
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

// A 1×1 PNG: the smallest honest signature and photo.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const png = (name: string) => ({ name, mediaType: 'image/png', contentBase64: PNG });

describe('sign-up', () => {
  it('makes a customer of its own party, who then signs in; a taken e-mail gets the same answer', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: 'li.na@example.com', password: 'a long password', name: '李娜 Li Na', locale: 'zh' },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: true, next: 'sign-in' });
    const signedIn = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'li.na@example.com', password: 'a long password' },
    });
    expect(signedIn.json().user).toMatchObject({ role: 'customer', locale: 'zh' });
    const cookie = signedIn.cookies.find((c) => c.name === 'sb_session')!;
    const me = await server.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { sb_session: cookie.value },
    });
    expect(me.json().party.name).toBe('李娜 Li Na');
    // A new customer sees no unit and no case of anybody else.
    const units = await server.app.inject({
      method: 'GET',
      url: '/api/v1/units',
      cookies: { sb_session: cookie.value },
    });
    expect(units.json().items).toEqual([]);

    const again = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      headers: { 'accept-language': 'zh-CN' },
      payload: { email: 'LI.NA@example.com', password: 'another password', name: 'x' },
    });
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(response.body);
    const weak = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email: 'weak@example.com', password: 'short', name: 'Weak', role: 'admin' },
    });
    expect(weak.statusCode).toBe(400);
  });
});

describe('warranty by serial', () => {
  it('gives the owner each part covered until when by which clause, and what is never covered', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const response = await zhang.get('/api/v1/warranty/PA3-2026-118842');
    expect(response.statusCode).toBe(200);
    const w = response.json();
    expect(w.agreement).toMatchObject({ id: 'acme-pureair-consumer-cn' });
    expect(w.parts.find((p: { partCategory: string }) => p.partCategory === 'motor')).toMatchObject({
      covered: true,
      lastDay: '2031-03-13',
      refs: ['§3.2'],
    });
    expect(w.parts.find((p: { partCategory: string }) => p.partCategory === 'filter')).toMatchObject({
      covered: false,
      refs: ['§3.3'],
    });
    expect(w.exclusions.map((e: { cause: string }) => e.cause)).toContain('misuse');
    expect(w.returns).toMatchObject({ noReasonUntil: '2026-03-22', replacementUntil: '2026-03-30' });
  });

  it('answers 404 for another customer’s unit and for an unknown serial alike', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const other = await ruijin.get('/api/v1/warranty/PA3-2026-118842');
    const unknown = await ruijin.get('/api/v1/warranty/NO-SUCH-1');
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.json().detail).toBe(unknown.json().detail);
  });
});

describe('unit registration with proof of purchase', () => {
  it('records the proof for the customer’s own unit once, and refuses another customer’s unit', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const proof = {
      name: 'receipt.pdf',
      mediaType: 'application/pdf',
      contentBase64: Buffer.from('%PDF-1.4 receipt').toString('base64'),
    };
    const ok = await zhang.post('/api/v1/units/registrations', {
      serial: 'PA3-2026-118842',
      purchasedOn: '2026-03-14',
      proof,
    });
    expect(ok.statusCode).toBe(201);
    const twice = await zhang.post('/api/v1/units/registrations', {
      serial: 'PA3-2026-118842',
      purchasedOn: '2026-03-14',
      proof,
    });
    expect(twice.statusCode).toBe(409);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const stolen = await ruijin.post('/api/v1/units/registrations', {
      serial: 'PA3-2026-118842',
      purchasedOn: '2026-03-14',
      proof,
    });
    expect(stolen.statusCode).toBe(404);
    const bad = await zhang.post('/api/v1/units/registrations', {
      serial: 'PA3-2026-118842',
      purchasedOn: '2026-03-14',
      proof: { ...proof, mediaType: 'text/html' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('a partner accepts, reports a visit, and the customer reads it', () => {
  let caseId: string;

  it('runs from the customer’s request to the visit report', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const opened = await ruijin.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      serial: 'CH9-2025-00417',
      description: 'Chiller alarms E12.',
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().id;

    const agent = await Session.signIn(server.app, 'agent@acme.example');
    await agent.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'Internal: call FixIt.',
      visibility: 'internal',
    });
    await agent.post(`/api/v1/cases/${caseId}/messages`, {
      body: 'A technician will come.',
      visibility: 'public',
    });
    expect(
      (await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' }))
        .statusCode,
    ).toBe(200);

    const pearl = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect(
      (await pearl.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' })).statusCode,
    ).toBe(404);
    expect((await pearl.get(`/api/v1/cases/${caseId}/activity`)).statusCode).toBe(404);
    // The customer may not answer for the partner.
    expect(
      (await ruijin.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' })).statusCode,
    ).toBe(403);

    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const accepted = await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'accepted' });
    expect(accepted.statusCode).toBe(200);
    // The partner is shown the case's public reference, as the customer is (not the staff's number).
    expect(accepted.json()).toMatchObject({ decision: 'accepted', number: opened.json().number });

    now = new Date('2026-11-23T06:00:00Z');
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const report = {
      arrivedAt: '2026-11-23T05:00:00Z',
      workDone: 'Replaced the pressure switch.',
      partsUsed: [{ partNumber: 'PSW-9', quantity: 1 }],
      signedBy: 'Dr. Li Fang',
      signature: png('signature.png'),
      photos: [png('switch.png')],
    };
    expect((await pearl.post(`/api/v1/cases/${caseId}/visit-reports`, report)).statusCode).toBe(404);
    const filed = await tech.post(`/api/v1/cases/${caseId}/visit-reports`, report);
    expect(filed.statusCode).toBe(201);
    const onsite = filed.json().clocks.filter((c: { target: string }) => c.target === 'onsite');
    expect(onsite.length).toBeGreaterThan(0);
    for (const c of onsite) expect(c.stoppedAt).toBe('2026-11-23T05:00:00.000Z');
    // FixIt never wrote to the customer: its arrival on site is its response, met at arrival.
    const response = filed
      .json()
      .clocks.find(
        (c: { side: string; target: string }) => c.side === 'commitment' && c.target === 'response',
      );
    expect(response).toMatchObject({ stoppedAt: '2026-11-23T05:00:00.000Z' });
    const future = await tech.post(`/api/v1/cases/${caseId}/visit-reports`, {
      ...report,
      arrivedAt: '2026-12-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(400);

    const seen = (await ruijin.get(`/api/v1/cases/${caseId}/activity`)).json();
    expect(seen.messages.map((m: { body: string }) => m.body)).toEqual(['A technician will come.']);
    expect(seen.partnerResponses).toEqual([]);
    expect(seen.visitReports[0]).toMatchObject({
      workDone: 'Replaced the pressure switch.',
      signedBy: 'Dr. Li Fang',
    });
    const photo = seen.visitReports[0].photos[0];
    const file = await ruijin.get(`/api/v1/cases/${caseId}/files/${photo.sha256}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/${caseId}/files/${photo.sha256}`)).statusCode).toBe(404);

    const staff = (await agent.get(`/api/v1/cases/${caseId}/activity`)).json();
    expect(staff.messages).toHaveLength(2);
    expect(staff.partnerResponses).toMatchObject([
      { decision: 'accepted', party: 'FixIt Shanghai Service Co., Ltd.' },
    ]);
  });

  it('declining needs a reason, stops the partner’s clocks and hides the case from it', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const noReason = await fixit.post(`/api/v1/cases/${caseId}/partner-response`, { decision: 'declined' });
    expect(noReason.statusCode).toBe(400);
    const declined = await fixit.post(`/api/v1/cases/${caseId}/partner-response`, {
      decision: 'declined',
      reason: 'No technician free this week.',
    });
    expect(declined.statusCode).toBe(200);
    expect((await fixit.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const view = (await agent.get(`/api/v1/cases/${caseId}`)).json();
    expect(view.servicePartner).toBeNull();
    for (const c of view.clocks.filter((x: { side: string }) => x.side === 'commitment'))
      expect(c.stoppedAt).not.toBeNull();
    const report = await verifyEvidence(server.db.deps, server.tenantId);
    expect(report.ok).toBe(true);
  });
});

describe('queue countdowns', () => {
  it('give business time left on running clocks, ticking in business hours, and only for visible cases', async () => {
    now = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'critical',
      serial: 'CH9-2025-00417',
      description: 'Down again.',
    });
    const id = opened.json().id;
    const items = (await agent.get(`/api/v1/cases/countdowns?ids=${id}`)).json().items;
    const response = items.find((c: { target: string }) => c.target === 'response');
    expect(response).toMatchObject({ remainingSeconds: 7200, ticking: true, status: 'running' });
    expect(response.calendar).toMatchObject({ key: 'cn-business', timezone: 'Asia/Shanghai' });
    now = new Date('2026-11-24T04:30:00Z'); // 12:30, lunch: business time stands still
    const lunch = (await agent.get(`/api/v1/cases/countdowns?ids=${id}`)).json().items;
    expect(lunch.find((c: { target: string }) => c.target === 'response')).toMatchObject({
      remainingSeconds: 0,
      ticking: false,
    });
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/countdowns?ids=${id}`)).json().items).toEqual([]);
  });
});

describe('console figures', () => {
  it('escalates by hand once per level and reason, for staff only', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const queue = (await agent.get('/api/v1/cases/queue')).json().items;
    const id = queue[0].id;
    const body = { level: 'supervisor', reason: 'Customer called three times.' };
    expect((await agent.post(`/api/v1/cases/${id}/escalations`, body)).json()).toEqual({ raised: true });
    expect((await agent.post(`/api/v1/cases/${id}/escalations`, body)).json()).toEqual({ raised: false });
    const board = (await agent.get('/api/v1/escalations')).json().items;
    expect(
      board.some((e: { caseId: string; level: string }) => e.caseId === id && e.level === 'supervisor'),
    ).toBe(true);
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.post(`/api/v1/cases/${id}/escalations`, body)).statusCode).toBe(403);
  });

  it('gives the dashboard and the calendars to staff, and nobody else', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const caseId = (await manager.get('/api/v1/cases/queue')).json().items[0].id;
    const line = await manager.post('/api/v1/cost-lines', {
      caseId,
      kind: 'labor',
      amount: '360.50',
      currency: 'CNY',
      bearer: 'acme',
      ref: '§6',
      description: 'Two hours on site',
    });
    expect(line.statusCode, line.body).toBe(201);
    const dashboard = (await manager.get('/api/v1/dashboard/service')).json();
    expect(dashboard.costByProduct).toContainEqual({
      product: 'CH-900',
      currency: 'CNY',
      amountMinor: '36050',
    });
    expect(dashboard.costByBearer).toContainEqual({ bearer: 'acme', currency: 'CNY', amountMinor: '36050' });
    expect(dashboard.slaByWeek).toHaveLength(12);
    expect(
      dashboard.openByRemaining.reduce((n: number, b: { cases: number }) => n + b.cases, 0),
    ).toBeGreaterThan(0);
    expect(dashboard.slaByWeek.some((w: { met: number }) => w.met > 0)).toBe(true);
    const month = (await manager.get('/api/v1/calendars/cn-business/month?month=2026-10')).json();
    // National Day week: 1-7 October closed; Saturday 10 October worked (调休).
    expect(month.days.find((d: { date: string }) => d.date === '2026-10-01').windows).toEqual([]);
    expect(month.days).toHaveLength(31);
    expect((await manager.get('/api/v1/calendars/nope/month?month=2026-10')).statusCode).toBe(404);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get('/api/v1/dashboard/service')).statusCode).toBe(403);
    expect((await fixit.get('/api/v1/calendars')).statusCode).toBe(403);
  });
});

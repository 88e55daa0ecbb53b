import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * Hostile input at the door (issue 12): every refusal is a 400 problem+json with a specific
 * code, never a 500, never silently repaired, and never a reply larger than a few kilobytes.
 */
let server: DemoServer;
let agent: Session;
let zhang: Session;
let caseId: string;
beforeAll(async () => {
  server = await startDemoServer({ now: () => new Date('2026-03-21T02:00:00Z') });
  agent = await Session.signIn(server.app, 'agent@acme.example');
  zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'normal',
    serial: 'CH9-2025-00417',
    description: 'Compressor trips on start',
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const PHOTO = {
  name: 'a.jpg',
  mediaType: 'image/jpeg',
  contentBase64: Buffer.from('photo').toString('base64'),
};

async function casesOf(): Promise<number> {
  const rows = await server.db.deps.db.selectFrom('cases').select('case_id').execute();
  return rows.length;
}

describe('text that is not text', () => {
  it('a NUL in the e-mail at sign-in (no session yet) is a 400 invalid_text, not a 500', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'agent\u0000@acme.example', password: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'invalid_text', errors: [{ path: '/body/email' }] });
  });

  it('a NUL in a query string or path is a 400 invalid_text', async () => {
    for (const url of [
      '/api/v1/units?product=CH%00',
      '/api/v1/units/by-serial/CH9%00',
      '/api/v1/cases/queue?product=%00',
    ]) {
      const response = await agent.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code, url).toBe('invalid_text');
    }
  });

  it('a NUL in a write is refused and stores nothing', async () => {
    const before = await casesOf();
    const response = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'nul \u0000 here',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_text', errors: [{ path: '/body/description' }] });
    expect(await casesOf()).toBe(before);
  });

  it('invalid UTF-8 in a JSON body is refused, not replaced with U+FFFD', async () => {
    const before = await casesOf();
    const body = Buffer.concat([
      Buffer.from('{"kind":"repair","severity":"normal","serial":"CH9-2025-00417","description":"bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const response = await agent.request({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_text', errors: [{ path: '/body' }] });
    expect(await casesOf()).toBe(before);
  });

  it('a lone surrogate in a JSON body is refused', async () => {
    const response = await agent.request({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { 'content-type': 'application/json' },
      payload:
        '{"kind":"repair","severity":"normal","serial":"CH9-2025-00417","description":"half \\ud83d pair"}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_text', errors: [{ path: '/body/description' }] });
  });
});

describe('forged cursors', () => {
  it('every paged list refuses a cursor whose values are not what it issued, with 400 invalid_cursor', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const cases: [string, unknown[]][] = [
      ['/api/v1/parties', ['Acme', 'not-a-uuid']],
      ['/api/v1/cases/queue', ['1', 'not-a-uuid']],
      ['/api/v1/cases/queue', ['1e300', '00000000-0000-0000-0000-000000000000']],
      ['/api/v1/cases/history', ['2026-01-01T00:00:00Z', 'not-a-uuid']],
      ['/api/v1/units', ['a\u0000b']],
      ['/api/v1/products', ['a\u0000b']],
      ['/api/v1/users', ['a\u0000b']],
      ['/api/v1/units', [1]],
    ];
    for (const [url, values] of cases) {
      const response = await admin.get(`${url}?cursor=${forge(values)}`);
      expect(response.statusCode, `${url} ${JSON.stringify(values)}`).toBe(400);
      expect(response.json().code, url).toBe('invalid_cursor');
    }
  });
});

describe('values that are well-formed but not real', () => {
  it('currency XXX (no currency) is refused on a cost line', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const response = await manager.post('/api/v1/cost-lines', {
      caseId,
      kind: 'goodwill',
      amount: '10.00',
      currency: 'XXX',
      bearer: 'acme',
      description: 'test',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/currency');
  });

  it('a visit report dated in year 9999 is refused', async () => {
    const response = await agent.post(`/api/v1/cases/${caseId}/visit-reports`, {
      arrivedAt: '9999-01-01T00:00:00Z',
      workDone: 'x',
      partsUsed: [],
      signedBy: 'x',
      signature: PHOTO,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('/body/arrivedAt');
  });

  it('threats are a closed list of three, not 90,000 free texts', async () => {
    const before = await casesOf();
    const many = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'x',
      threats: Array.from({ length: 90_000 }, (_, i) => `t${i}`),
    });
    expect(many.statusCode).toBe(400);
    const unknown = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'x',
      threats: ['tweet'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(await casesOf()).toBe(before);
  });

  it('a file that is not base64, or a media type with CR/LF, is refused', async () => {
    for (const attachment of [
      { ...PHOTO, contentBase64: 'not base64 at all!' },
      { ...PHOTO, mediaType: 'image/jpeg\r\nX-Injected: 1' },
    ]) {
      const response = await agent.post(`/api/v1/cases/${caseId}/messages`, {
        body: 'see file',
        attachments: [attachment],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].path).toMatch(/^\/body\/attachments\/0\/(contentBase64|mediaType)$/);
    }
  });
});

describe('large invalid bodies', () => {
  const junk = {
    body: 'x',
    attachments: Array.from({ length: 40_000 }, (_, i) => ({ name: `f${i}`, colour: 'red'.repeat(10) })),
  };

  it("a customer's large invalid body to a case it cannot see is a 404, before the body is read", async () => {
    const payload = JSON.stringify(junk);
    expect(payload.length).toBeGreaterThan(1_500_000);
    const response = await zhang.request({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/messages`,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(404);
    expect(response.body.length).toBeLessThan(2_000);
  });

  it('on a visible case the reply lists at most 100 problems and stays small', async () => {
    const response = await agent.post(`/api/v1/cases/${caseId}/messages`, junk);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors.length).toBeLessThanOrEqual(100);
    expect(response.body.length).toBeLessThan(20_000);
  });

  it('a route without files takes at most 1 MiB', async () => {
    const response = await agent.post(`/api/v1/cases/${caseId}/state`, { reason: 'x'.repeat(2_000_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});

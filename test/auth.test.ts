import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, headers });

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie, not Secure over plain HTTP, and returns a CSRF token', async () => {
    const response = await signIn('agent@acme.example', 'servicebook-demo');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'agent@acme.example', role: 'agent', locale: 'zh' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^sb_session=[A-Za-z0-9_-]{43};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).not.toContain('Secure');
  });

  it('accepts the e-mail in any case', async () => {
    expect((await signIn('Agent@ACME.example', 'servicebook-demo')).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown e-mail the same way', async () => {
    const wrong = await signIn('manager@acme.example', 'not the password');
    const unknown = await signIn('nobody@acme.example', 'not the password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('bad_credentials');
    }
  });

  it('answers in Chinese when asked to', async () => {
    const response = await signIn('manager@acme.example', 'not the password', {
      'accept-language': 'zh-CN,zh;q=0.9',
    });
    expect(response.json().title).toBe('电子邮件或密码错误。');
  });

  it('stops an e-mail after 10 failures in the window, even with the right password', async () => {
    const email = 'technician@fixit.example';
    for (let i = 0; i < 10; i++) expect((await signIn(email, `wrong-${i}`)).statusCode).toBe(401);
    const blocked = await signIn(email, 'servicebook-demo');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
    // Other accounts are not affected.
    expect((await signIn('partner@fixit.example', 'servicebook-demo')).statusCode).toBe(200);
  });

  it('reports a malformed body with the path of each bad field', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 7 },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/body/email');
    expect(paths).toContain('/body/password');
  });

  it('reports a body that is not JSON', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'invalid_input', errors: [{ path: '/body' }] });
  });
});

describe('session', () => {
  it('marks the cookie Secure when served over TLS behind a trusted proxy', async () => {
    const { buildApp } = await import('../src/http/app.ts');
    const { checkReadiness } = await import('../src/app/system/check-readiness.ts');
    const app = await buildApp({
      app: server.db.deps,
      readiness: () => checkReadiness(server.db.deps.db),
      logger: false,
      trustProxy: 1,
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'manager@acme.example', password: 'servicebook-demo' },
    });
    expect(String(response.headers['set-cookie'])).toContain('Secure');
    await app.close();
  });

  it('refuses a cookie-authenticated write without the CSRF token, and takes it with', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const party = { key: 'csrf-check', name: 'CSRF check', roles: ['customer'] };
    const refused = await admin.request({
      method: 'POST',
      url: '/api/v1/parties',
      payload: party,
      withoutCsrf: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('csrf_failed');
    const forged = await admin.request({
      method: 'POST',
      url: '/api/v1/parties',
      payload: party,
      withoutCsrf: true,
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(forged.statusCode).toBe(403);
    expect((await admin.post('/api/v1/parties', party)).statusCode).toBe(201);
  });

  it('shows who is signed in, and ends with sign-out', async () => {
    const customer = await Session.signIn(server.app, 'zhang.wei@example.com');
    const me = await customer.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: 'zhang.wei@example.com', role: 'customer' },
      party: { key: 'consumer-zhang-wei', nameZh: '张伟', home: false },
      authenticatedBy: 'session',
      csrfToken: customer.csrfToken,
    });
    // Whether the party runs the tenant: the pages show staff links to the brand's staff only.
    for (const [email, home] of [
      ['agent@acme.example', true],
      ['agent@huadong.example', false],
    ] as const) {
      const other = await Session.signIn(server.app, email);
      expect((await other.get('/api/v1/me')).json().party.home, email).toBe(home);
    }
    expect((await customer.post('/api/v1/auth/sign-out', {})).statusCode).toBe(204);
    const after = await customer.get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('ends every session of a user whose password changes', async () => {
    const first = await Session.signIn(server.app, 'customer@ruijin.example');
    const second = await Session.signIn(server.app, 'customer@ruijin.example');
    const wrong = await first.post('/api/v1/me/password', {
      currentPassword: 'nope',
      newPassword: 'a-new-password-1',
    });
    expect(wrong.statusCode).toBe(401);
    const short = await first.post('/api/v1/me/password', {
      currentPassword: 'servicebook-demo',
      newPassword: 'short',
    });
    expect(short.json().errors).toEqual([
      { path: '/body/newPassword', message: 'must have at least 10 characters' },
    ]);
    const changed = await first.post('/api/v1/me/password', {
      currentPassword: 'servicebook-demo',
      newPassword: 'a-new-password-1',
    });
    expect(changed.statusCode).toBe(204);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
    expect((await signIn('customer@ruijin.example', 'a-new-password-1')).statusCode).toBe(200);
  });

  it('refuses a disabled user at once', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const me = (await counsel.get('/api/v1/me')).json();
    expect((await admin.patch(`/api/v1/users/${me.user.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await counsel.get('/api/v1/me')).statusCode).toBe(401);
    expect((await signIn('counsel@acme.example', 'servicebook-demo')).statusCode).toBe(401);
    expect((await admin.patch(`/api/v1/users/${me.user.id}`, { disabled: false })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, act as their user without CSRF, and stop when revoked', async () => {
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    const created = await partner.post('/api/v1/tokens', { name: 'ERP sync' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^sbt_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

    const stored = await server.db.deps.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toContain(token.split('.')[1]);
    const listed = (await partner.get('/api/v1/tokens')).json().items;
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token.split('.')[1]);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(me.json()).toMatchObject({
      user: { email: 'partner@fixit.example' },
      authenticatedBy: 'api_token',
      csrfToken: null,
    });
    // A token write needs no CSRF token; the partner's role still limits what it may do.
    const write = await server.app.inject({
      method: 'POST',
      url: '/api/v1/parties',
      headers: bearer,
      payload: { key: 'by-token', name: 'By token', roles: ['customer'] },
    });
    expect(write.statusCode).toBe(403);

    expect((await partner.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(204);
    const revoked = await server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(revoked.statusCode).toBe(401);
  });

  it('note when they were last used, to the minute, without a write on every call', async () => {
    const { authenticateApiToken } = await import('../src/app/auth/authenticate.ts');
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const { id, token } = (await admin.post('/api/v1/tokens', { name: 'usage' })).json();
    const lastUsed = async () =>
      (
        await server.db.deps.db
          .selectFrom('api_tokens')
          .select('last_used_at')
          .where('token_id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const at = (iso: string) => ({ ...server.db.deps, now: () => new Date(iso) });
    await authenticateApiToken(at('2026-11-23T10:00:00Z'), token);
    expect((await lastUsed())?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    await authenticateApiToken(at('2026-11-23T10:00:30Z'), token);
    expect((await lastUsed())?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    await authenticateApiToken(at('2026-11-23T10:01:01Z'), token);
    expect((await lastUsed())?.toISOString()).toBe('2026-11-23T10:01:01.000Z');
  });

  it('refuse a token with a wrong secret', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const { token } = (await admin.post('/api/v1/tokens', { name: 'probe' })).json();
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(response.statusCode).toBe(401);
  });

  it("cannot be revoked by someone else: another user's token is not found", async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const { id } = (await admin.post('/api/v1/tokens', { name: 'mine' })).json();
    expect((await manager.delete(`/api/v1/tokens/${id}`)).statusCode).toBe(404);
  });

  it('are not for counsel, who only reads', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    expect((await counsel.post('/api/v1/tokens', { name: 'x' })).statusCode).toBe(403);
  });
});

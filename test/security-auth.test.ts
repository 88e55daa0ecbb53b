import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../src/app/system/check-readiness.ts';
import { insertUser } from '../src/app/user/create-user.ts';
import { buildApp } from '../src/http/app.ts';
import { type DemoServer, Session, startDemoServer, type TestApp } from './support/http.ts';

/** Issue 12: sign-in limits, sign-up, tokens after a password change, and the password policy. */
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

const signIn = (app: TestApp, email: string, password: string, from: string, headers = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
    remoteAddress: from,
    headers,
  });

function tally(responses: { json(): { code?: string } }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of responses) {
    const code = r.json().code ?? 'ok';
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

async function appOverSameDatabase(options: { trustProxy?: number } = {}): Promise<TestApp> {
  const app = await buildApp({
    app: server.db.deps,
    readiness: () => checkReadiness(server.db.deps.db),
    logger: false,
    ...options,
  });
  await app.ready();
  return app;
}

describe('sign-in limits', () => {
  it('check at most 10 of 30 wrong passwords sent at once for one e-mail', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signIn(server.app, 'manager@acme.example', `wrong password ${i}`, '192.0.2.1'),
      ),
    );
    const counts = tally(answers);
    expect(counts.bad_credentials).toBeLessThanOrEqual(10);
    expect((counts.bad_credentials ?? 0) + (counts.rate_limited ?? 0)).toBe(30);
    // Even the right password is refused now, from anywhere.
    expect(
      (await signIn(server.app, 'manager@acme.example', 'servicebook-demo', '192.0.2.2')).statusCode,
    ).toBe(429);
  });

  // Five times the per-e-mail limit per client; with the e-mail limit at 2 here, 10 per client,
  // so that the test need not pay for 50 argon2 checks.
  async function withLimit<T>(max: number, work: () => Promise<T>): Promise<T> {
    const settings = server.db.deps.settings as { signInMaxAttempts: number };
    const before = settings.signInMaxAttempts;
    settings.signInMaxAttempts = max;
    try {
      return await work();
    } finally {
      settings.signInMaxAttempts = before;
    }
  }

  it('check at most 5 × the limit of wrong passwords from one client, sent at once to two processes', async () => {
    const other = await appOverSameDatabase();
    const answers = await withLimit(2, () =>
      Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          signIn(i % 2 ? other : server.app, `nobody-${i}@example.com`, 'wrong password', '198.51.100.9'),
        ),
      ),
    );
    await other.close();
    const counts = tally(answers);
    expect(counts.bad_credentials).toBeLessThanOrEqual(10);
    expect(counts.rate_limited).toBeGreaterThanOrEqual(14);
  });

  it('behind one trusted proxy, key on the address the proxy saw, not on a forged X-Forwarded-For', async () => {
    const proxied = await appOverSameDatabase({ trustProxy: 1 });
    const answers = await withLimit(2, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          signIn(proxied, `somebody-${i}@example.com`, 'wrong password', '10.0.0.1', {
            'x-forwarded-for': `198.18.0.${i}, 203.0.113.7`,
          }),
        ),
      ),
    );
    await proxied.close();
    expect(tally(answers).bad_credentials).toBeLessThanOrEqual(10);
  });
});

describe('sign-up', () => {
  const signUp = (app: TestApp, email: string, from = '192.0.2.50', password = 'a long password') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email, password, name: 'New Customer' },
      remoteAddress: from,
    });

  it('answers a taken e-mail exactly as a new one, in about the same time', async () => {
    const times = { taken: [] as number[], fresh: [] as number[] };
    const answers = [];
    for (let i = 0; i < 3; i++) {
      let start = performance.now();
      const taken = await signUp(server.app, 'customer@ruijin.example', '192.0.2.60');
      times.taken.push(performance.now() - start);
      start = performance.now();
      const fresh = await signUp(server.app, `fresh-${i}@example.com`, '192.0.2.60');
      times.fresh.push(performance.now() - start);
      answers.push([taken, fresh]);
    }
    for (const [taken, fresh] of answers) {
      expect(taken!.statusCode).toBe(fresh!.statusCode);
      expect(taken!.body).toBe(fresh!.body);
      expect(taken!.headers['set-cookie']).toEqual(fresh!.headers['set-cookie']);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    const ratio = median(times.taken) / median(times.fresh);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
    // The new account signs in with its password; the taken one keeps its own.
    expect(
      (await signIn(server.app, 'fresh-0@example.com', 'a long password', '192.0.2.61')).statusCode,
    ).toBe(200);
    expect(
      (await signIn(server.app, 'customer@ruijin.example', 'servicebook-demo', '192.0.2.61')).statusCode,
    ).toBe(200);
  });

  it('allow 20 sign-ups an hour per client, counted in the database across processes', async () => {
    const other = await appOverSameDatabase();
    const answers = [];
    for (let i = 0; i < 26; i++)
      answers.push(await signUp(i % 2 ? other : server.app, `farm-${i}@example.com`, '192.0.2.70'));
    await other.close();
    const accepted = answers.filter((a) => a.statusCode < 300).length;
    expect(accepted).toBe(20);
    expect(answers.at(-1)!.json().code).toBe('rate_limited');
  });
});

describe('a password change', () => {
  it('revokes the API tokens, except those named to keep', async () => {
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    const kept = (await partner.post('/api/v1/tokens', { name: 'ERP sync' })).json();
    const dropped = (await partner.post('/api/v1/tokens', { name: 'old laptop' })).json();
    const asToken = (token: string) =>
      server.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect((await asToken(dropped.token)).statusCode).toBe(200);
    const changed = await partner.post('/api/v1/me/password', {
      currentPassword: 'servicebook-demo',
      newPassword: 'a fresh passphrase',
      keepTokens: [kept.id],
    });
    expect(changed.statusCode).toBe(204);
    expect((await asToken(dropped.token)).statusCode).toBe(401);
    expect((await asToken(kept.token)).statusCode).toBe(200);

    const again = await Session.signIn(server.app, 'partner@fixit.example', 'a fresh passphrase');
    expect(
      (
        await again.post('/api/v1/me/password', {
          currentPassword: 'a fresh passphrase',
          newPassword: 'servicebook-demo',
        })
      ).statusCode,
    ).toBe(204);
    expect((await asToken(kept.token)).statusCode).toBe(401);
  });

  it('may not keep another user’s token', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const theirs = (await admin.post('/api/v1/tokens', { name: 'admin script' })).json();
    const tech = await Session.signIn(server.app, 'technician@fixit.example');
    const refused = await tech.post('/api/v1/me/password', {
      currentPassword: 'servicebook-demo',
      newPassword: 'another fine passphrase',
      keepTokens: [theirs.id],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe('/body/keepTokens/0');
    expect(
      (
        await server.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: `Bearer ${theirs.token}` },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('the password policy', () => {
  const WEAK = ['1234567890', ' '.repeat(10), 'Password123', 'qwertyuiop', 'x'.repeat(201), 'short'];

  it('refuses short, blank, overlong and common passwords at sign-up, with a bilingual reason', async () => {
    for (const password of WEAK) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: 'weak@example.com', password, name: 'Weak' },
        remoteAddress: '192.0.2.80',
        headers: { 'accept-language': 'zh-CN' },
      });
      expect(response.statusCode, JSON.stringify(password)).toBe(400);
      expect(response.json().code).toBe('weak_password');
      expect(response.json().title).toMatch(/密码/);
      expect(response.json().errors[0].path).toBe('/body/password');
    }
  });

  it('refuses them when an admin creates a user, when a password changes, and for the CLI', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const created = await admin.post('/api/v1/users', {
      email: 'new.agent@acme.example',
      name: 'New Agent',
      role: 'agent',
      party: 'acme',
      password: '1234567890',
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('weak_password');
    const changed = await admin.post('/api/v1/me/password', {
      currentPassword: 'servicebook-demo',
      newPassword: ' '.repeat(12),
    });
    expect(changed.json().code).toBe('weak_password');
    await expect(
      insertUser(
        server.db.deps,
        { tenantId: server.tenantId, userId: null, authenticatedBy: 'cli' },
        { email: 'cli@acme.example', name: 'CLI', role: 'agent', party: 'acme', password: 'password123' },
      ),
    ).rejects.toMatchObject({ code: 'weak_password' });
  });

  it('allows a long uncommon password, the demo one included', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const created = await admin.post('/api/v1/users', {
      email: 'second.agent@acme.example',
      name: 'Second Agent',
      role: 'agent',
      party: 'acme',
      password: 'servicebook-demo',
    });
    expect(created.statusCode).toBe(201);
  });
});

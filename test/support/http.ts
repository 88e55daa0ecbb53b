import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { checkReadiness } from '../../src/app/system/check-readiness.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';
import { databaseImages } from './database-images.ts';

export const EXAMPLES_DIR = path.resolve(import.meta.dirname, '../../examples');
export const DEMO_PASSWORD = 'servicebook-demo';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

export interface DemoServer {
  db: TestDatabase;
  app: TestApp;
  tenantId: string;
  close(): Promise<void>;
}

/** The HTTP app over a fresh database holding the ACME demo, driven with `inject` (no socket). */
export async function startDemoServer(
  options: { now?: () => Date; webRoot?: string } = {},
): Promise<DemoServer> {
  // With the real clock, start from the run's demo image; a fixed clock seeds its own demo at its time.
  const images = options.now ? undefined : databaseImages();
  const db = await openTestDatabase(options.now ? { now: options.now } : { seeded: Boolean(images) });
  const tenantId = images ? images.seeded.tenantId : (await seedDemo(db.deps, EXAMPLES_DIR)).tenantId;
  const app = await buildApp({
    app: db.deps,
    readiness: () => checkReadiness(db.deps.db),
    logger: false,
    webRoot: options.webRoot,
  });
  await app.ready();
  return {
    db,
    app,
    tenantId,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** A signed-in browser: carries the session cookie and sends the CSRF token on writes. */
export class Session {
  private readonly app: TestApp;
  readonly cookie: string;
  readonly csrfToken: string;

  constructor(app: TestApp, cookie: string, csrfToken: string) {
    this.app = app;
    this.cookie = cookie;
    this.csrfToken = csrfToken;
  }

  static async signIn(app: TestApp, email: string, password = DEMO_PASSWORD): Promise<Session> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`sign-in of ${email} failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'sb_session');
    if (!cookie) throw new Error('no session cookie');
    return new Session(app, cookie.value, response.json().csrfToken);
  }

  request(options: InjectOptions & { withoutCsrf?: boolean }): Promise<LightMyRequestResponse> {
    const { withoutCsrf, ...rest } = options;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string>) };
    if (!withoutCsrf && rest.method && rest.method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    return this.app.inject({ ...rest, headers, cookies: { sb_session: this.cookie } });
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }
  post(url: string, payload: unknown) {
    return this.request({ method: 'POST', url, payload: payload as InjectOptions['payload'] });
  }
  patch(url: string, payload: unknown) {
    return this.request({ method: 'PATCH', url, payload: payload as InjectOptions['payload'] });
  }
  delete(url: string) {
    return this.request({ method: 'DELETE', url });
  }
}

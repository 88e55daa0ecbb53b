import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReadiness } from '../src/app/system/check-readiness.ts';
import { buildApp } from '../src/http/app.ts';
import { openTestDatabase, type TestDatabase } from './support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const appWith = (readiness = () => checkReadiness(db.deps.db)) =>
  buildApp({ app: db.deps, readiness, logger: false });

describe('health', () => {
  it('/healthz answers while the process lives; /readyz when the database is current', async () => {
    const app = await appWith();
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, database: 'reachable', pendingMigrations: [] });
    await app.close();
  });

  it('/readyz answers 503 when the database is unreachable or behind', async () => {
    for (const readiness of [
      { ready: false, database: 'unreachable' as const, pendingMigrations: [] },
      { ready: false, database: 'reachable' as const, pendingMigrations: ['0002_next'] },
    ]) {
      const app = await appWith(async () => readiness);
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual(readiness);
      await app.close();
    }
  });

  it('answers an unknown route with a 404 problem and echoes the request id', async () => {
    const app = await appWith();
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['x-request-id']).toBe('trace-42');
    expect(response.json()).toMatchObject({ code: 'not_found', requestId: 'trace-42', status: 404 });
    await app.close();
  });
});

describe('API description', () => {
  it('publishes an OpenAPI 3 document covering every route, and a reference page', async () => {
    const app = await appWith();
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/sign-in',
      '/api/v1/parties',
      '/api/v1/parties/{id}',
      '/api/v1/products',
      '/api/v1/units',
      '/api/v1/units/by-serial/{serial}',
      '/api/v1/users',
      '/api/v1/tokens',
      '/api/v1/documents',
      '/readyz',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const createUnit = doc.paths['/api/v1/units'].post;
    expect(
      createUnit.requestBody.content['application/json'].schema.properties.territory.pattern,
    ).toBeDefined();
    expect(createUnit.responses['400']).toBeDefined();
    const page = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    await app.close();
  });
});

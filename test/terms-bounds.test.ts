import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTenantTerms } from '../src/app/terms/check-terms.ts';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

/** Terms files built to be slow or huge (issue 12): bounded work, small replies, specific codes. */
let server: DemoServer;
let counsel: Session;
beforeAll(async () => {
  server = await startDemoServer();
  counsel = await Session.signIn(server.app, 'counsel@acme.example');
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const chiller = fs.readFileSync(path.join(EXAMPLES_DIR, 'terms', 'acme-chiller-b2b-cn.yaml'), 'utf8');

/** A real terms file padded with unknown keys to about `size` characters. */
function padded(size: number): string {
  let extra = '';
  for (let i = 0; extra.length < size - chiller.length - 40; i++) extra += `unknown_key_${i}: ${i}\n`;
  return `${chiller}\n${extra}`;
}

/** Ten levels of ten aliases each: 10^10 strings once expanded. */
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghij'.split('').map((name, i) => {
    const previous = String.fromCharCode(97 + i);
    return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`;
  }),
].join('\n');

describe('terms checks are bounded', () => {
  it('five large files full of unknown keys: answered quickly, at most 100 problems listed, small reply', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `big-${i}.yaml`, text: padded(190_000) }));
    const started = Date.now();
    const response = await counsel.post('/api/v1/terms/check', { files });
    const took = Date.now() - started;
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('invalid_input');
    expect(body.errors.length).toBe(100);
    expect(body.moreErrors).toBeGreaterThan(0);
    expect(response.body.length).toBeLessThan(50_000);
    expect(took).toBeLessThan(20_000);
  }, 60_000);

  it('the server answers other requests while a check runs (the check is off the event loop)', async () => {
    const files = Array.from({ length: 5 }, (_, i) => ({ name: `big-${i}.yaml`, text: padded(190_000) }));
    const check = counsel.post('/api/v1/terms/check', { files });
    const health = server.app.inject({ method: 'GET', url: '/healthz' });
    const first = await Promise.race([check.then(() => 'check'), health.then(() => 'health')]);
    expect(first).toBe('health');
    expect((await check).statusCode).toBe(400);
  }, 60_000);

  it('an alias bomb is a 400 yaml_too_complex, on check and on import', async () => {
    const check = await counsel.post('/api/v1/terms/check', {
      files: [{ name: 'bomb.yaml', text: ALIAS_BOMB }],
    });
    expect(check.statusCode).toBe(400);
    expect(check.json()).toMatchObject({ code: 'yaml_too_complex', errors: [{ path: 'bomb.yaml' }] });
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const imported = await admin.post('/api/v1/agreements/import', {
      files: [{ name: 'bomb.yaml', text: ALIAS_BOMB }],
    });
    expect(imported.statusCode).toBe(400);
    expect(imported.json().code).toBe('yaml_too_complex');
  });

  it('a check past its time limit is stopped and answered check_timed_out', async () => {
    const [user] = await server.db.deps.db
      .selectFrom('users')
      .innerJoin('parties', 'parties.party_id', 'users.party_id')
      .select(['users.user_id', 'users.tenant_id', 'users.party_id'])
      .where('users.email', '=', 'counsel@acme.example')
      .execute();
    const actor = {
      tenantId: user!.tenant_id,
      userId: user!.user_id,
      partyId: user!.party_id,
      role: 'counsel' as const,
      homeParty: true,
      authenticatedBy: 'cli' as const,
    };
    await expect(
      checkTenantTerms(server.db.deps, actor, [{ name: 'big.yaml', text: padded(190_000) }], {
        timeLimitMs: 1,
      }),
    ).rejects.toMatchObject({ code: 'check_timed_out' });
  }, 60_000);
});

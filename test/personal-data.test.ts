import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDossier } from '../src/app/dossier/export-dossier.ts';
import { verifyDossier } from '../src/app/dossier/verify-dossier.ts';
import { verifyEvidence } from '../src/app/evidence/index.ts';
import { createTenant } from '../src/app/tenant/create-tenant.ts';
import { insertUser } from '../src/app/user/create-user.ts';
import { PERSONAL_LOOKING, registerEntry } from '../src/domain/privacy/index.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { readZip } from './support/zip.ts';

let server: DemoServer;
let zhangId: string;
let caseId: string;
const PHONE = '+86 138 0013 8000';

beforeAll(async () => {
  server = await startDemoServer();
  const db = server.db.deps.db;
  zhangId = (
    await db
      .selectFrom('parties')
      .select('party_id')
      .where('tenant_id', '=', server.tenantId)
      .where('key', '=', 'consumer-zhang-wei')
      .executeTakeFirstOrThrow()
  ).party_id;
  const other = await createTenant(server.db.deps, {
    slug: 'rival',
    name: 'Rival Appliances',
    homeParty: { key: 'rival', name: 'Rival Appliances Ltd.', roles: ['brand'] },
  });
  await insertUser(
    server.db.deps,
    { tenantId: other.tenantId, userId: null, authenticatedBy: 'cli' },
    {
      email: 'admin@rival.example',
      name: 'Rival Admin',
      role: 'admin',
      party: 'rival',
      password: 'rival-password',
    },
  );
  // His phone and e-mail recorded by the brand: a party.changed entry holds them (sealed).
  const admin = await Session.signIn(server.app, 'admin@acme.example');
  const changed = await admin.patch(`/api/v1/parties/${zhangId}`, {
    phone: PHONE,
    email: 'zhang.wei@example.com',
  });
  expect(changed.statusCode).toBe(200);
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'normal',
    serial: 'PA3-2026-118842',
    description: 'The purifier stops after ten minutes.',
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
  await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'We will call you. 我们会联系您。' });
});
afterAll(async () => {
  await server?.close();
});

describe('personal data', () => {
  it('has every column named like personal data in the register', async () => {
    const columns = await server.db.deps.db
      .selectFrom('information_schema.columns' as never)
      .select(['table_name' as never, 'column_name' as never])
      .where('table_schema' as never, '=', 'public' as never)
      .execute();
    const missing = (columns as { table_name: string; column_name: string }[])
      .filter((c) => PERSONAL_LOOKING.test(c.column_name))
      .filter((c) => !registerEntry(c.table_name, c.column_name))
      .map((c) => `${c.table_name}.${c.column_name}`);
    expect(missing).toEqual([]);
  });

  it('lets no other tenant or party export or erase him, and logs staff reads', async () => {
    const rival = await Session.signIn(server.app, 'admin@rival.example', 'rival-password');
    expect((await rival.get(`/api/v1/parties/${zhangId}/personal-data`)).statusCode).toBe(404);
    expect(
      (await rival.post(`/api/v1/parties/${zhangId}/erasure`, { request: 'x', reason: 'x' })).statusCode,
    ).toBe(404);
    const partner = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await partner.get(`/api/v1/parties/${zhangId}/personal-data`)).statusCode).toBe(404);
    expect(
      (await partner.post(`/api/v1/parties/${zhangId}/erasure`, { request: 'x', reason: 'x' })).statusCode,
    ).toBe(404);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect((await agent.get(`/api/v1/parties/${zhangId}/personal-data`)).statusCode).toBe(403);
    expect(
      (await agent.post(`/api/v1/parties/${zhangId}/erasure`, { request: 'x', reason: 'x' })).statusCode,
    ).toBe(403);
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect(
      (await zhang.post(`/api/v1/parties/${zhangId}/erasure`, { request: 'x', reason: 'x' })).statusCode,
    ).toBe(403);

    expect((await agent.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    const reads = (
      await Session.signIn(server.app, 'admin@acme.example').then((a) =>
        a.get(`/api/v1/parties/${zhangId}/reads`),
      )
    ).json();
    expect(
      reads.some(
        (r: { what: string; reader: { name: string } }) =>
          r.what === 'case' && r.reader.name.includes('Wang Xiao'),
      ),
    ).toBe(true);
  });

  it('records consents with purpose, state, when and by whom', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const given = await zhang.post(`/api/v1/parties/${zhangId}/consents`, {
      purpose: 'marketing',
      state: 'given',
    });
    expect(given.statusCode).toBe(201);
    const withdrawn = await zhang.post(`/api/v1/parties/${zhangId}/consents`, {
      purpose: 'marketing',
      state: 'withdrawn',
    });
    expect(withdrawn.statusCode).toBe(201);
    const bad = await zhang.post(`/api/v1/parties/${zhangId}/consents`, { purpose: 'spam', state: 'given' });
    expect(bad.statusCode).toBe(400);
    const list = (await zhang.get(`/api/v1/parties/${zhangId}/consents`)).json();
    expect(list.map((c: { state: string }) => c.state)).toEqual(['withdrawn', 'given']);
  });

  it('erases Zhang Wei: gone from the API, cases kept, evidence and dossier verify with a redaction note', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const before = await admin.get(`/api/v1/parties/${zhangId}/personal-data`);
    expect(before.statusCode).toBe(200);
    const exported = before.json();
    expect(exported.person.name).toBe('Zhang Wei');
    expect(exported.person.phone).toBe(PHONE);
    expect(exported.accounts[0].email).toBe('zhang.wei@example.com');
    expect(exported.cases.some((c: { description: string }) => c.description.includes('ten minutes'))).toBe(
      true,
    );
    const caseBefore = (await admin.get(`/api/v1/cases/${caseId}`)).json();

    const erased = await admin.post(`/api/v1/parties/${zhangId}/erasure`, {
      request: 'PIPL-2026-0042',
      reason: 'The person asked for erasure (PIPL art. 47).',
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json().redactedEntries.length).toBeGreaterThan(0);
    expect(erased.json().redactedEntries.every((r: { hashHolds: boolean }) => r.hashHolds)).toBe(true);

    const party = (await admin.get(`/api/v1/parties/${zhangId}`)).json();
    const afterExport = (await admin.get(`/api/v1/parties/${zhangId}/personal-data`)).json();
    const kase = (await admin.get(`/api/v1/cases/${caseId}`)).json();
    const users = (await admin.get('/api/v1/users?limit=100')).body;
    for (const text of [JSON.stringify(party), JSON.stringify(afterExport), JSON.stringify(kase), users]) {
      expect(text).not.toContain('Zhang Wei');
      expect(text).not.toContain('张伟');
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain('zhang.wei@example.com');
    }
    expect(party.phone).toBeNull();
    expect(kase.customer.name).toContain('Erased person');
    // His case keeps its decision and clocks.
    expect(kase.decision).toEqual(caseBefore.decision);
    expect(kase.clocks.map((c: { kind: string; dueAt: string }) => [c.kind, c.dueAt])).toEqual(
      caseBefore.clocks.map((c: { kind: string; dueAt: string }) => [c.kind, c.dueAt]),
    );
    // He can no longer sign in.
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'zhang.wei@example.com', password: 'servicebook-demo' },
    });
    expect(signIn.statusCode).toBe(401);

    // The evidence record still verifies and shows the redaction.
    const verified = await admin.get('/api/v1/evidence/verify');
    expect(verified.json().ok).toBe(true);
    const report = await verifyEvidence(server.db.deps, server.tenantId);
    expect(report.ok).toBe(true);
    expect(report.redactions.length).toBeGreaterThan(0);
    expect(report.redactions[0]!.bySeq).toBe(erased.json().evidenceSeq);
    // No stored entry holds his phone any more.
    const still = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('seq')
      .where('tenant_id', '=', server.tenantId)
      .where('payload', 'like', `%${PHONE}%`)
      .execute();
    expect(still).toEqual([]);

    // The dossier of his case says what was erased, under which request, and verifies.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'erasure-'));
    const file = path.join(dir, 'case.zip');
    const out = createWriteStream(file);
    await exportDossier(server.db.deps, server.tenantId, { type: 'case', number: kase.number }, out);
    const files = await readZip(file);
    const note = files.get('redactions.md')?.toString() ?? '';
    expect(note).toContain('PIPL-2026-0042');
    expect(note).toContain('phone');
    expect(note).toContain('电话');
    const dossier = await verifyDossier(file);
    expect(dossier.ok).toBe(true);
    // And the dossier of the person verifies with his fields as salted hashes.
    const pfile = path.join(dir, 'party.zip');
    const pout = createWriteStream(pfile);
    await exportDossier(server.db.deps, server.tenantId, { type: 'party', key: 'consumer-zhang-wei' }, pout);
    expect((await verifyDossier(pfile)).ok).toBe(true);
    const chain = (await readZip(pfile)).get('chain.jsonl')!.toString();
    expect(chain).not.toContain(PHONE);
    expect(chain).toContain('$redacted');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a payload changed without a redaction declared', async () => {
    const db = server.db.deps.db;
    await expect(
      db
        .updateTable('timeline_entries')
        .set({ payload: '{}' })
        .where('tenant_id', '=', server.tenantId)
        .where('seq', '=', 1)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let admin: Session;
let counsel: Session;
let partner: Session;
/** Agreement versions the demo seed may already hold (it may load the example terms). */
let baseline = 0;

const TERMS_DIR = path.join(EXAMPLES_DIR, 'terms');
const files = fs
  .readdirSync(TERMS_DIR)
  .sort()
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(TERMS_DIR, f), 'utf8') }));
const chiller = files.find((f) => f.name === 'acme-chiller-b2b-cn.yaml')!;

beforeAll(async () => {
  server = await startDemoServer();
  admin = await Session.signIn(server.app, 'admin@acme.example');
  counsel = await Session.signIn(server.app, 'counsel@acme.example');
  partner = await Session.signIn(server.app, 'partner@fixit.example');
  baseline = await count();
});
afterAll(async () => {
  await server?.close();
});

const count = async () =>
  Number(
    (
      await server.db.deps.db
        .selectFrom('agreement_versions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('terms over HTTP', () => {
  it('refuses a set with one bad file, naming file, line and key, and stores nothing', async () => {
    const bad = { name: 'bad.yaml', text: chiller.text.replace('duration: P18M', 'duration: 18 months') };
    const response = await admin.post('/api/v1/agreements/import', { files: [...files.slice(0, 2), bad] });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('invalid_input');
    expect(body.errors).toEqual([
      { path: 'bad.yaml:20:13 coverage.duration', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(await count()).toBe(baseline);
  });

  it('refuses a party id the tenant does not know', async () => {
    const bad = { name: 'p.yaml', text: chiller.text.replace('provider: acme', 'provider: acme-europe') };
    const response = await admin.post('/api/v1/agreements/import', { files: [bad] });
    expect(response.json().errors).toEqual([
      { path: 'p.yaml:8:11 provider', message: 'no party with key "acme-europe"' },
    ]);
  });

  it('imports every example file; importing again changes nothing', async () => {
    const response = await admin.post('/api/v1/agreements/import', { files });
    expect(response.statusCode).toBe(201);
    expect(response.json().items).toHaveLength(6);
    // Created now, unless the demo seed had loaded them already.
    expect(response.json().items.every((i: { created: boolean }) => i.created === (baseline === 0))).toBe(
      true,
    );
    const again = await admin.post('/api/v1/agreements/import', { files });
    expect(again.json().items.every((i: { created: boolean }) => !i.created)).toBe(true);
    expect(await count()).toBe(6);
  });

  it('refuses other text under an existing version: versions are never edited', async () => {
    const edited = { name: 'x.yaml', text: chiller.text.replace('P5Y', 'P6Y') };
    const response = await admin.post('/api/v1/agreements/import', { files: [edited] });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('version_exists');
    expect(await count()).toBe(6);
  });

  it('reading agreements is for the home party’s staff; writing for admin and manager', async () => {
    expect((await counsel.get('/api/v1/agreements')).statusCode).toBe(200);
    expect((await partner.get('/api/v1/agreements')).statusCode).toBe(403);
    expect((await counsel.post('/api/v1/agreements/import', { files })).statusCode).toBe(403);
    expect(
      (await partner.post('/api/v1/entitlements/decide', { unit: { serial: 'x' }, failure: {} })).statusCode,
    ).toBe(400);
  });

  it('decides a stored unit by serial, and replays the same decision after a new version is imported', async () => {
    const claim = {
      unit: { serial: 'CH9-2025-00417' },
      failure: {
        reported_at: '2027-11-10T10:30:00+08:00',
        part_category: 'compressor',
        cause: 'manufacturing_defect',
      },
      account: { payment_overdue_days: 0 },
    };
    const first = await admin.post('/api/v1/entitlements/decide', claim);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      covered: true,
      remedy: 'repair',
      cites: ['§2.3'],
      costs: { parts: 'acme', labor: 'acme', travel: 'acme', shipping: 'acme' },
      recoverable_from_supplier: false,
      agreement: { id: 'acme-chiller-b2b-cn', version: 1 },
      cover_ends: { compressor: '2030-09-05' },
    });
    // Version 2, from 2026-01-01, cuts the compressor cover to three years.
    const v2 = chiller.text
      .replace('version: 1', 'version: 2\nsupersedes: 1')
      .replace('effective_from: 2025-07-01', 'effective_from: 2026-01-01')
      .replace('duration: P5Y', 'duration: P3Y');
    const imported = await admin.post('/api/v1/agreements/import', {
      files: [{ name: 'v2.yaml', text: v2 }],
    });
    expect(imported.statusCode).toBe(201);
    const replay = await admin.post('/api/v1/entitlements/decide', claim);
    expect(replay.json()).toEqual(first.json());
    // A unit sold under version 2 gets version 2.
    const later = await admin.post('/api/v1/entitlements/decide', {
      ...claim,
      unit: {
        serial: 'NEW-1',
        product: 'CH-900',
        territory: 'CN-SH',
        sold_at: '2026-02-01',
        installed_at: '2026-02-20',
      },
      failure: { ...claim.failure, reported_at: '2029-03-01T09:00:00+08:00' },
    });
    expect(later.json()).toMatchObject({
      covered: false,
      reason: 'expired',
      agreement: { version: 2 },
      cites: ['§2.3'],
    });
  });

  it('lists versions, shows one with its source, and diffs two clause by clause', async () => {
    const list = (await counsel.get('/api/v1/agreements')).json().items;
    const entry = list.find((a: { id: string }) => a.id === 'acme-chiller-b2b-cn');
    expect(entry.latestVersion).toBe(2);
    expect(
      entry.versions.map((v: { version: number; supersedes: number | null }) => [v.version, v.supersedes]),
    ).toEqual([
      [1, null],
      [2, 1],
    ]);
    const shown = (await counsel.get('/api/v1/agreements/acme-chiller-b2b-cn?version=1')).json();
    expect(shown.content.coverage.components[0].duration).toBe('P5Y');
    const source = await counsel.get('/api/v1/agreements/acme-chiller-b2b-cn/versions/1/source');
    expect(source.body).toBe(chiller.text);
    const diff = (await counsel.get('/api/v1/agreements/acme-chiller-b2b-cn/diff?from=1&to=2')).json();
    expect(diff.clauses).toEqual([
      {
        ref: null,
        path: 'effective_from',
        change: 'changed',
        fields: [{ path: 'effective_from', before: '2025-07-01', after: '2026-01-01' }],
      },
      {
        ref: '§2.3',
        path: 'coverage.components[§2.3]',
        change: 'changed',
        fields: [{ path: 'coverage.components[§2.3].duration', before: 'P5Y', after: 'P3Y' }],
      },
    ]);
    expect((await counsel.get('/api/v1/agreements/nope')).statusCode).toBe(404);
  });

  it('gives the risk summary of the stored agreements, using the tenant’s bills of parts', async () => {
    const report = (await counsel.get('/api/v1/terms/check')).json();
    const upstream = report.findings.filter((f: { code: string }) => f.code === 'upstream.cover_longer');
    expect(
      upstream.map((f: { details: { part_category: string; parts: string[] } }) => [
        f.details.part_category,
        f.details.parts,
      ]),
    ).toEqual([
      ['compressor', ['CMP-900']],
      ['motor', ['MTR-45']],
    ]);
    // Its sentences name the supplier from the tenant's parties, in each language, not by its key.
    const sentences = upstream.map((f: { message: { en: string; zh: string } }) => f.message);
    expect(sentences[0].en).toContain('Ningbo Motor Works');
    expect(sentences[0].zh).toContain('宁波电机厂');
    expect(sentences[0].zh).toContain('压缩机保修');
    expect(JSON.stringify(sentences)).not.toContain('ningbo-motor');
    const html = await counsel.request({ method: 'GET', url: '/api/v1/terms/check?format=html&lang=zh' });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('服务风险摘要');
    const text = await counsel.post('/api/v1/terms/check', { files: [files[3]], format: 'text' });
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toContain('Partner duties with no measure');
    expect(text.body).not.toContain('duties.unmeasurable');
    expect(report.findings[0].label).toEqual({ en: expect.any(String), zh: expect.any(String) });
  });
});

/**
 * The terms review as work in the console's API: the tenant's review data stored and used, a
 * draft's values confirmed or corrected into the next version, and the mark-up accepted as the
 * agreements' next versions through the ordinary import, each recorded with who did it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let manager: Session;
let counsel: Session;
let agent: Session;
let partner: Session;
const now = new Date('2026-11-16T02:00:00Z');
const data = fs.readFileSync(path.join(EXAMPLES_DIR, 'review/acme-data.yaml'), 'utf8');

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  manager = await Session.signIn(server.app, 'manager@acme.example');
  counsel = await Session.signIn(server.app, 'counsel@acme.example');
  agent = await Session.signIn(server.app, 'agent@acme.example');
  partner = await Session.signIn(server.app, 'partner@fixit.example');
});
afterAll(async () => {
  await server?.close();
});

const entries = async (type: string) =>
  (
    await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['material', 'payload'])
      .where('tenant_id', '=', server.tenantId)
      .where('entry_type', '=', type)
      .orderBy('seq')
      .execute()
  ).map((r) => ({ ...JSON.parse(r.material), payload: JSON.parse(r.payload) }));

const put = (s: Session, url: string, payload: unknown) =>
  s.request({ method: 'PUT', url, payload: payload as never });

describe('review data kept per tenant', () => {
  it('a manager stores the data; staff read it with the assumptions in effect; others may not', async () => {
    const before = await counsel.get('/api/v1/terms/review-data');
    expect(before.json()).toMatchObject({ revision: 0, data: {} });
    expect(before.json().effective.assumptions.share_of_targets_missed).toBe(0.3);
    const stored = await put(manager, '/api/v1/terms/review-data', { data, revision: 0 });
    expect(stored.statusCode).toBe(200);
    expect(stored.json().revision).toBe(1);
    const read = await counsel.get('/api/v1/terms/review-data');
    expect(read.json().data.products['CH-900'].installed_base).toBeDefined();
    expect((await entries('terms.review_data_changed')).length).toBe(1);
    expect((await put(agent, '/api/v1/terms/review-data', { data })).statusCode).toBe(403);
    expect((await put(counsel, '/api/v1/terms/review-data', { data })).statusCode).toBe(403);
    expect([403, 404]).toContain((await partner.get('/api/v1/terms/review-data')).statusCode);
  });

  it('refuses an assumption it does not know, naming those it does, and a stale revision', async () => {
    const wrong = await put(manager, '/api/v1/terms/review-data', {
      data: { assumptions: { share_missed: 0.5 } },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].allowed).toContain('share_of_targets_missed');
    const stale = await put(manager, '/api/v1/terms/review-data', { data, revision: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('changed_meanwhile');
  });

  it('a review given no data uses the stored data: the same money as with the file', async () => {
    const stored = (await counsel.post('/api/v1/terms/review', {})).json();
    const given = (await counsel.post('/api/v1/terms/review', { data })).json();
    expect(stored.lines[0].amount).toBe(given.lines[0].amount);
    expect(stored.lines[0].amount).toBeGreaterThan(0);
  });
});

describe('a draft confirmed into the next version', () => {
  it('reads a Word draft over the API with proposed values and the sentence each came from', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            '4. Service levels. For critical cases ACME arrives on site within 24 hours.',
            '第五条 服务 紧急案件接到报修后2小时内响应。',
          ].map((text) => new Paragraph({ text })),
        },
      ],
    });
    const r = await counsel.post('/api/v1/terms/drafts/read', {
      name: 'draft.docx',
      contentBase64: (await Packer.toBuffer(doc)).toString('base64'),
    });
    expect(r.statusCode).toBe(200);
    const s4 = r.json().clauses.find((c: { ref: string }) => c.ref === '§4');
    expect(s4.text).toContain('within 24 hours');
    expect(s4.proposed).toContainEqual(
      expect.objectContaining({ value: 'PT24H', field: 'service_levels.targets.*.onsite' }),
    );
    expect([403, 404]).toContain(
      (await partner.post('/api/v1/terms/drafts/read', { name: 'd.txt', contentBase64: 'MQ==' })).statusCode,
    );
  });

  it('a * left in a field is refused by name; a corrected value gives the YAML and its check, nothing stored', async () => {
    const star = await counsel.post('/api/v1/terms/drafts/confirm', {
      agreement: 'acme-chiller-b2b-cn',
      clauses: [{ ref: '§4', values: [{ field: 'service_levels.targets.*.onsite', value: 'PT24H' }] }],
    });
    expect(star.statusCode).toBe(400);
    expect(star.json().errors[0].path).toBe('/body/clauses/0/values/0/field');
    const r = await counsel.post('/api/v1/terms/drafts/confirm', {
      agreement: 'acme-chiller-b2b-cn',
      clauses: [
        {
          ref: '§4',
          text: 'For critical cases ACME arrives on site within 12 hours.',
          // The reader proposed PT24H; the person corrected it to 12 hours.
          values: [{ field: 'service_levels.targets.critical.onsite', value: 'PT12H' }],
        },
      ],
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().agreement).toMatchObject({ version: 2, supersedes: 1, effective_from: '2026-11-16' });
    expect(r.json().agreement.service_levels[0].targets.critical.onsite).toBe('PT12H');
    expect(r.json().yaml).toContain('onsite: PT12H');
    expect(r.json().check.counts).toBeDefined();
    expect(r.json().imported).toBeNull();
    const list = (await counsel.get('/api/v1/agreements')).json().items;
    expect(list.find((a: { id: string }) => a.id === 'acme-chiller-b2b-cn').latestVersion).toBe(1);
  });
});

describe('accepting the mark-up', () => {
  it('counsel may not accept; a manager accepts FixIt’s: its next version imported and recorded with the findings', async () => {
    expect((await counsel.post('/api/v1/terms/review/accept', {})).statusCode).toBe(403);
    const unknown = await manager.post('/api/v1/terms/review/accept', { agreements: ['no-such-agreement'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].allowed).toContain('fixit-shanghai-partner');
    const r = await manager.post('/api/v1/terms/review/accept', { agreements: ['fixit-shanghai-partner'] });
    expect(r.statusCode).toBe(201);
    const [accepted] = r.json().items;
    expect(accepted).toMatchObject({
      agreement: 'fixit-shanghai-partner',
      supersedes: 1,
      effectiveFrom: '2026-11-16',
      imported: { created: true },
    });
    expect(accepted.findings.length).toBeGreaterThan(0);
    const shown = (await counsel.get('/api/v1/agreements/fixit-shanghai-partner')).json();
    expect(shown.version).toBe(accepted.version);
    const [entry] = await entries('agreement.markup_accepted');
    expect(entry.subject).toEqual({ type: 'agreement', id: 'fixit-shanghai-partner' });
    expect(entry.actor.userId).toBeTruthy();
    expect(entry.payload.findings).toEqual(accepted.findings.map((f: { code: string }) => f.code));
    expect((await entries('agreement.version_imported')).map((e) => e.payload.id)).toContain(
      'fixit-shanghai-partner',
    );
    // The review of the stored terms now proposes nothing more for FixIt's on-site clause.
    const again = (await counsel.post('/api/v1/terms/review', {})).json();
    const fixitBefore = accepted.findings.map((f: { code: string }) => f.code);
    const stillFixit = again.markup.before.findings.filter(
      (f: { code: string; agreements: { id: string }[] }) =>
        fixitBefore.includes(f.code) && f.agreements.some((a) => a.id === 'fixit-shanghai-partner'),
    );
    expect(stillFixit.length).toBeLessThan(accepted.findings.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * The knowledge base over the API: authoring by staff, versions kept, visibility per party
 * (a second customer, a partner), scheduled publishing by the request's clock, search.
 */
let server: DemoServer;
let clock = new Date('2026-12-01T08:00:00Z');
beforeAll(async () => {
  server = await startDemoServer({ now: () => clock });
});
afterAll(async () => {
  await server?.close();
});

const texts = (en: string, zh: string, body = 'Check the **valve**.') => ({
  en: { title: en, summary: `${en} summary`, body },
  zh: { title: zh, summary: `${zh} 摘要`, body: '检查**阀门**。' },
});

describe('knowledge-base articles over the API', () => {
  it('finds the demo E12 article for "压缩机 E12 报警" and shows it to a customer, linking its tree', async () => {
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const r = await customer.get(`/api/v1/kb/search?q=${encodeURIComponent('压缩机 E12 报警')}&lang=zh`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items[0]).toMatchObject({ key: 'ch900-e12-high-discharge-pressure', lang: 'zh' });
    const a = await customer.get('/api/v1/kb/read/ch900-e12-high-discharge-pressure?lang=zh');
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json()).toMatchObject({
      troubleshootingTreeKey: 'ch900-e12',
      missingTranslation: false,
      version: 1,
    });
    expect(a.json().html).toContain('<strong>E12</strong>');
  });

  it('lets an agent write, review and publish; keeps every version; records the publication', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const created = await agent.post('/api/v1/kb/articles', {
      key: 'pa300-test-valve',
      visibility: 'public',
      productModels: ['PA-300'],
      texts: { en: texts('Valve check', '阀门检查').en, zh: null },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().state).toBe('draft');

    const customer = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await customer.get('/api/v1/kb/read/pa300-test-valve')).statusCode).toBe(404);

    expect((await agent.post(`/api/v1/kb/articles/${id}/state`, { state: 'review' })).statusCode).toBe(200);
    const pub = await agent.post(`/api/v1/kb/articles/${id}/state`, { state: 'published' });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().liveVersion).toBe(1);

    // Chinese asked for, English shown, marked as missing.
    const zh = await customer.get('/api/v1/kb/read/pa300-test-valve?lang=zh');
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.json()).toMatchObject({
      lang: 'en',
      missingTranslation: true,
      languages: ['en'],
      title: 'Valve check',
    });

    // A published article is not edited in place.
    const refused = await agent.patch(`/api/v1/kb/articles/${id}`, { texts: texts('New', '新') });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('invalid_transition');

    await agent.post(`/api/v1/kb/articles/${id}/state`, { state: 'draft' });
    const edited = await agent.patch(`/api/v1/kb/articles/${id}`, {
      texts: texts('Valve check, second edition', '阀门检查（第二版）'),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // Readers still see version 1 while version 2 is a draft.
    expect((await customer.get('/api/v1/kb/read/pa300-test-valve')).json().title).toBe('Valve check');

    clock = new Date(clock.getTime() + 60_000);
    await agent.post(`/api/v1/kb/articles/${id}/state`, { state: 'published' });
    const now = await customer.get('/api/v1/kb/read/pa300-test-valve?lang=zh');
    expect(now.json()).toMatchObject({
      version: 2,
      lang: 'zh',
      missingTranslation: false,
      title: '阀门检查（第二版）',
    });

    const shown = await agent.get(`/api/v1/kb/articles/${id}`);
    expect(shown.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(shown.json().versions[0].publishedBy).toBe('王晓 Wang Xiao');
    const v1 = await agent.get(`/api/v1/kb/articles/${id}/versions/1?lang=en`);
    expect(v1.json()).toMatchObject({ version: 1, title: 'Valve check' });

    const evidence = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select(['entry_type'])
      .where('tenant_id', '=', server.tenantId)
      .where('subject_type', '=', 'article')
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(evidence.map((e) => e.entry_type)).toEqual([
      'article.created',
      'article.state_changed',
      'article.published',
      'article.state_changed',
      'article.changed',
      'article.published',
    ]);
  });

  it('escapes a <script> in a body and refuses writes by customers and partners', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const r = await agent.post('/api/v1/kb/preview', {
      body: 'Hi <script>alert(1)</script> [x](javascript:alert(1))',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().html).not.toContain('<script>');
    expect(r.json().html).toContain('&lt;script&gt;');
    expect(r.json().html).not.toContain('href="javascript:');
    for (const email of ['customer@ruijin.example', 'partner@fixit.example']) {
      const s = await Session.signIn(server.app, email);
      const w = await s.post('/api/v1/kb/articles', {
        key: 'nope',
        visibility: 'public',
        texts: texts('x', 'x'),
      });
      expect(w.statusCode, email).toBe(403);
    }
  });

  it('shows each party only what its visibility allows', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const make = async (key: string, visibility: string, models: string[]) => {
      const c = await admin.post('/api/v1/kb/articles', {
        key,
        visibility,
        productModels: models,
        texts: texts(`Zebrafinch ${key}`, `斑胸草雀 ${key}`),
      });
      expect(c.statusCode, c.body).toBe(201);
      const p = await admin.post(`/api/v1/kb/articles/${c.json().id}/state`, { state: 'published' });
      expect(p.statusCode, p.body).toBe(200);
    };
    await make('vis-public', 'public', []);
    await make('vis-ch900-customers', 'product_customers', ['CH-900']);
    await make('vis-partners', 'partners', []);
    await make('vis-internal', 'internal', []);

    const sees = async (email: string) => {
      const s = await Session.signIn(server.app, email);
      const visible: string[] = [];
      for (const key of ['vis-public', 'vis-ch900-customers', 'vis-partners', 'vis-internal']) {
        const r = await s.get(`/api/v1/kb/read/${key}`);
        if (r.statusCode === 200) visible.push(key);
        else expect(r.statusCode).toBe(404);
      }
      const found = (await s.get('/api/v1/kb/search?q=zebrafinch&limit=10'))
        .json()
        .items.map((i: { key: string }) => i.key);
      expect(found.sort()).toEqual([...visible].sort());
      return visible;
    };
    // Ruijin owns CH-900 units; Zhang Wei owns purifiers only.
    expect(await sees('customer@ruijin.example')).toEqual(['vis-public', 'vis-ch900-customers']);
    expect(await sees('zhang.wei@example.com')).toEqual(['vis-public']);
    expect(await sees('partner@fixit.example')).toEqual([
      'vis-public',
      'vis-ch900-customers',
      'vis-partners',
    ]);
    expect(await sees('agent@acme.example')).toEqual([
      'vis-public',
      'vis-ch900-customers',
      'vis-partners',
      'vis-internal',
    ]);
  });

  it('publishes on a schedule: not visible before its time, by the request clock', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const c = await admin.post('/api/v1/kb/articles', {
      key: 'scheduled-one',
      visibility: 'public',
      texts: texts('Quokka notice', '短尾矮袋鼠通知'),
    });
    const publishAt = new Date(clock.getTime() + 3_600_000).toISOString();
    const p = await admin.post(`/api/v1/kb/articles/${c.json().id}/state`, { state: 'published', publishAt });
    expect(p.statusCode, p.body).toBe(200);
    const customer = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await customer.get('/api/v1/kb/read/scheduled-one')).statusCode).toBe(404);
    expect((await customer.get('/api/v1/kb/search?q=quokka')).json().items).toEqual([]);
    clock = new Date(clock.getTime() + 3_600_001);
    expect((await customer.get('/api/v1/kb/read/scheduled-one')).statusCode).toBe(200);
    expect((await customer.get('/api/v1/kb/search?q=quokka')).json().items[0].key).toBe('scheduled-one');
  });

  it('archives: gone for readers and search, versions kept', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const list = await admin.get('/api/v1/kb/articles?limit=200');
    const art = list.json().items.find((i: { key: string }) => i.key === 'pa500-odour');
    const a = await admin.post(`/api/v1/kb/articles/${art.id}/state`, { state: 'archived' });
    expect(a.statusCode, a.body).toBe(200);
    const customer = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await customer.get('/api/v1/kb/read/pa500-odour')).statusCode).toBe(404);
    const hits = (await customer.get(`/api/v1/kb/search?q=${encodeURIComponent('霉味')}&lang=zh`)).json()
      .items;
    expect(hits.map((h: { key: string }) => h.key)).not.toContain('pa500-odour');
    expect((await admin.get(`/api/v1/kb/articles/${art.id}`)).json().versions).toHaveLength(1);
  });

  it('refuses an unknown product model and a bad visibility, naming the field', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const bad = await admin.post('/api/v1/kb/articles', {
      key: 'bad-model',
      visibility: 'public',
      productModels: ['XX-1'],
      texts: texts('a', 'b'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/body/productModels/0');
    const vis = await admin.post('/api/v1/kb/articles', {
      key: 'bad-vis',
      visibility: 'everyone',
      texts: texts('a', 'b'),
    });
    expect(vis.statusCode).toBe(400);
  });

  it('keeps tenant synonyms and finds with a typo', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const r = await admin.get('/api/v1/kb/synonyms');
    expect(r.json().groups.length).toBeGreaterThan(3);
    const customer = await Session.signIn(server.app, 'customer@ruijin.example');
    const typo = await customer.get('/api/v1/kb/search?q=condensr%20dirty%20alarm');
    expect(typo.json().items[0].key).toBe('ch900-e12-high-discharge-pressure');
    const cross = await customer.get(
      `/api/v1/kb/search?q=${encodeURIComponent('冷水机 告警 排气压力')}&lang=zh`,
    );
    expect(cross.json().items[0].key).toBe('ch900-e12-high-discharge-pressure');
  });
});

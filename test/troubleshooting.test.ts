import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPoster, type Outbound, runDeliveryPass } from '../src/app/delivery/index.ts';
import { smtpMailTransport } from '../src/store/smtp-mail.ts';
import { ENGINE } from './support/database.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { startSmtpSink } from './support/smtp-sink.ts';

/**
 * Guided troubleshooting over the API: the demo's CH-900 "E12" guide walked by a customer to a
 * solved end (deflected once 7 days pass with no case) and to "needs a technician" (a case opened
 * carrying the steps, the path on its record); guides imported with placed problems; walks kept
 * to their party; the satisfaction survey sent on resolution, answered once, on the dashboard.
 */
const DAY = 86_400_000;
let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let outbound: Outbound;

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  sink = await startSmtpSink();
  outbound = {
    mail: smtpMailTransport({ url: sink.url }),
    postWebhook: fetchPoster(5000),
    settings: {
      from: 'ACME Service <service@acme.example>',
      domain: 'acme.example',
      publicUrl: 'https://service.acme.example',
      retry: { maxAttempts: 3, baseSeconds: 60, capSeconds: 3600 },
      sendingLeaseSeconds: 600,
      batch: 50,
    },
  };
});
afterAll(async () => {
  outbound?.mail?.close();
  await sink?.close();
  await server?.close();
});

async function walk(session: Session, body: Record<string, unknown>, answers: number[]) {
  const started = await session.post('/api/v1/troubleshooting/walks', body);
  expect(started.statusCode, started.body).toBe(201);
  let view = started.json();
  for (const answer of answers) {
    const r = await session.post(`/api/v1/troubleshooting/walks/${view.id}/answers`, {
      answer,
      expectedNode: view.at,
    });
    expect(r.statusCode, r.body).toBe(200);
    view = r.json();
  }
  return view;
}

describe(`guided troubleshooting on ${ENGINE}`, () => {
  let solvedWalkId: string;

  it('serves the demo E12 guide in both languages', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const r = await ruijin.get('/api/v1/troubleshooting/trees/ch900-e12');
    expect(r.statusCode, r.body).toBe(200);
    const tree = r.json();
    expect(tree.product.model).toBe('CH-900');
    expect(tree.tree.faultCode).toBe('E12');
    expect(tree.tree.nodes.airflow.question.zh).toContain('冷凝器');
    const list = (await ruijin.get('/api/v1/troubleshooting/trees?product=PA-300')).json();
    expect(list.items.map((t: { key: string }) => t.key)).toEqual(['pa300-filter']);
  });

  it('a customer walks E12 to "solved": no case, counted as deflected once 7 days pass with no case', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    // Air free -> coil dirty -> cleaned, runs normally.
    const view = await walk(ruijin, { tree: 'ch900-e12', serial: 'CH9-2025-00417' }, [0, 0, 0]);
    expect(view.outcome).toBe('solved');
    expect(view.case).toBeNull();
    expect(view.steps).toHaveLength(3);
    solvedWalkId = view.id;
    const helped = await ruijin.post('/api/v1/knowledge/feedback', {
      subject: 'tree',
      key: 'ch900-e12',
      helpful: true,
      walkId: view.id,
    });
    expect(helped.statusCode, helped.body).toBe(200);
    const twice = await ruijin.post('/api/v1/knowledge/feedback', {
      subject: 'tree',
      key: 'ch900-e12',
      helpful: true,
      walkId: view.id,
    });
    expect(twice.statusCode).toBe(409);
    // After the walk ended, answering again is refused.
    const late = await ruijin.post(`/api/v1/troubleshooting/walks/${view.id}/answers`, { answer: 0 });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('walk_ended');

    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const day = now.toISOString().slice(0, 10);
    const pending = (await manager.get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`)).json();
    expect(pending.deflection).toMatchObject({ solvedWalks: 1, deflected: 0, pending: 1 });
    now = new Date(now.getTime() + 8 * DAY);
    const later = (
      await (
        await Session.signIn(server.app, 'manager@acme.example')
      ).get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`)
    ).json();
    expect(later.deflection).toMatchObject({ solvedWalks: 1, deflected: 1, pending: 0, rate: 1 });
    expect(later.helpfulness).toContainEqual({
      subject: 'tree',
      key: 'ch900-e12',
      title: expect.objectContaining({ zh: expect.stringContaining('E12 报警') }),
      helpful: 1,
      notHelpful: 0,
    });
  });

  it('a second customer cannot read or answer another customer’s walk: 404', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/troubleshooting/walks/${solvedWalkId}`)).statusCode).toBe(404);
    expect(
      (await zhang.post(`/api/v1/troubleshooting/walks/${solvedWalkId}/answers`, { answer: 0 })).statusCode,
    ).toBe(404);
    // Nor walk for a unit that is not theirs.
    expect(
      (await zhang.post('/api/v1/troubleshooting/walks', { tree: 'ch900-e12', serial: 'CH9-2025-00417' }))
        .statusCode,
    ).toBe(404);
    // A guide for another product than the unit's is refused, naming the field.
    const other = await zhang.post('/api/v1/troubleshooting/walks', {
      tree: 'ch900-e12',
      serial: 'PA3-2026-118842',
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].path).toBe('/body/serial');
  });

  let caseId: string;
  it('a walk to "needs a technician" opens a case carrying the steps, with the path on its record', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    // Air free -> coil clean -> fans turn -> technician.
    const view = await walk(ruijin, { tree: 'ch900-e12', serial: 'CH9-2025-00417' }, [0, 1, 0]);
    expect(view.outcome).toBe('technician');
    expect(view.case?.number).toBeTruthy();
    caseId = view.case.id;
    const opened = (await ruijin.get(`/api/v1/cases/${caseId}`)).json();
    expect(opened.unit.serial).toBe('CH9-2025-00417');
    expect(opened.kind).toBe('repair');
    expect(opened.description).toContain('E12');
    expect(opened.description).toContain('Is the air around the condenser free?');
    expect(opened.description).toContain('Yes, all fans turn');
    expect(opened.description).toContain('压缩机或冷媒回路');
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('payload')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'case.troubleshooting_walked')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0]!.payload)).toContain('technician');
    const walks = (await ruijin.get(`/api/v1/cases/${caseId}/walks`)).json().items;
    expect(walks.map((w: { id: string }) => w.id)).toEqual([view.id]);
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/${caseId}/walks`)).statusCode).toBe(404);
    // The walk reads back with its case.
    expect((await ruijin.get(`/api/v1/troubleshooting/walks/${view.id}`)).json().case.id).toBe(caseId);
  });

  it('an agent on the phone walks from an existing case: the path goes on that case, no new case', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const view = await walk(agent, { tree: 'ch900-e12', caseId }, [1, 0]);
    expect(view.channel).toBe('console');
    expect(view.outcome).toBe('solved');
    expect(view.case.id).toBe(caseId);
    const entries = await server.db.deps.db
      .selectFrom('timeline_entries')
      .select('entry_type')
      .where('subject_id', '=', caseId)
      .where('entry_type', '=', 'case.troubleshooting_walked')
      .execute();
    expect(entries).toHaveLength(2);
    expect((await agent.get(`/api/v1/cases/${caseId}/walks`)).json().items).toHaveLength(2);
  });

  it('a solved walk followed by a case on that product within 7 days is not deflected', async () => {
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    const start = now.toISOString().slice(0, 10);
    await walk(ruijin, { tree: 'ch900-e12', serial: 'CH9-2025-00417' }, [1, 0]);
    now = new Date(now.getTime() + 2 * DAY);
    const opened = await (await Session.signIn(server.app, 'customer@ruijin.example')).post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'E12 again after two days',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    now = new Date(now.getTime() + 8 * DAY);
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const d = (await manager.get(`/api/v1/dashboard/satisfaction?from=${start}&to=${start}`)).json();
    expect(d.deflection).toMatchObject({ solvedWalks: 1, deflected: 0, pending: 0, rate: 0 });
  });

  it('gives a guide’s YAML for the editor, which checks clean and stores nothing', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const source = await manager.get('/api/v1/troubleshooting/trees/ch900-e12/source');
    expect(source.statusCode, source.body).toBe(200);
    expect(source.json()).toMatchObject({ key: 'ch900-e12', version: 1, name: 'ch900-e12.yaml' });
    const checked = await manager.post('/api/v1/troubleshooting/trees/check', {
      files: [{ name: 'ch900-e12.yaml', text: source.json().text }],
    });
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json().checked).toEqual([expect.objectContaining({ key: 'ch900-e12', changed: false })]);
    const bad = await manager.post('/api/v1/troubleshooting/trees/check', {
      files: [
        { name: 'ch900-e12.yaml', text: source.json().text.replace('faultCode: E12', 'faultCode: [E12]') },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/^ch900-e12\.yaml:\d+:\d+ faultCode$/);
    expect((await manager.get('/api/v1/troubleshooting/trees/ch900-e12')).json().version).toBe(1);
  });

  it('imports a guide as a new version, and refuses a broken one naming file, line and field', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const text = [
      'key: pa500-noise',
      'product: PA-500',
      'faultCode: NOISE',
      'title: { en: Noise, zh: 噪音 }',
      'start: q',
      'nodes:',
      '  q:',
      '    question: { en: Rattles?, zh: 有异响？ }',
      '    answers:',
      '      - { label: { en: Yes, zh: 是 }, next: part }',
      '      - { label: { en: No, zh: 否 }, next: ok }',
      '  part: { end: part, partCategory: motor, text: { en: Fan motor, zh: 风机电机 } }',
      '  ok: { end: solved, text: { en: Fine, zh: 正常 } }',
    ].join('\n');
    const first = await manager.post('/api/v1/troubleshooting/trees', {
      files: [{ name: 'noise.yaml', text }],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().imported[0]).toMatchObject({ key: 'pa500-noise', version: 1, changed: true });
    const same = await manager.post('/api/v1/troubleshooting/trees', {
      files: [{ name: 'noise.yaml', text }],
    });
    expect(same.json().imported[0]).toMatchObject({ version: 1, changed: false });
    const changed = text.replace('Fine', 'Fine now');
    const second = await manager.post('/api/v1/troubleshooting/trees', {
      files: [{ name: 'noise.yaml', text: changed }],
    });
    expect(second.json().imported[0]).toMatchObject({ version: 2, changed: true });

    const broken = changed.replace('partCategory: motor', 'partCategory: engine').replace('zh: 噪音 }', '}');
    const refused = await manager.post('/api/v1/troubleshooting/trees', {
      files: [{ name: 'noise.yaml', text: broken }],
    });
    expect(refused.statusCode).toBe(400);
    const paths = refused.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('noise.yaml:4:8 title.zh');
    expect(
      paths.some((p: string) => p.startsWith('noise.yaml:12:') && p.endsWith('nodes.part.partCategory')),
    ).toBe(true);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    expect(
      (await agent.post('/api/v1/troubleshooting/trees', { files: [{ name: 'noise.yaml', text }] }))
        .statusCode,
    ).toBe(403);
  });
});

describe(`satisfaction survey on ${ENGINE}`, () => {
  it('resolving a case queues the survey in the customer’s language; answered once; shown on the case and the dashboard', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'Pump noise',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;
    // The customer's mail names the case by its public reference (the agent opened it: `reference`).
    const number = opened.json().reference;
    const resolved = await agent.post(`/api/v1/cases/${id}/state`, { state: 'resolved' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    // Resolving again after a reopening does not ask twice.
    await agent.post(`/api/v1/cases/${id}/state`, { state: 'in_progress' });
    await agent.post(`/api/v1/cases/${id}/state`, { state: 'resolved' });
    for (let i = 0; i < 10; i++) {
      const r = await runDeliveryPass(server.db.deps, outbound);
      if (r.dispatched.notifications + r.mail.sent === 0) break;
    }
    const surveys = [];
    for (const m of sink.received) {
      const parsed = await simpleParser(m.raw);
      if (parsed.subject?.includes(number) && parsed.text?.includes('/portal/survey/')) surveys.push(parsed);
    }
    expect(surveys).toHaveLength(1);
    const mail = surveys[0]!;
    // The link is absolute on the configured public URL (PUBLIC_URL), so it works from a mailbox.
    expect(mail.text).toMatch(/https:\/\/service\.acme\.example\/portal\/survey\/[A-Za-z0-9_-]+/);
    expect(mail.text).not.toMatch(/[^e]\/portal\/survey\//);
    // Dr. Li Fang reads Chinese.
    expect(mail.subject).toContain('您对本次服务满意吗');
    expect(mail.text).toContain('1-5 分');
    const token = /\/portal\/survey\/([A-Za-z0-9_-]+)/.exec(mail.text!)![1]!;

    const read = await server.app.inject({ method: 'GET', url: `/api/v1/surveys/${token}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ caseNumber: number, answered: false });
    const answer = await server.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${token}`,
      payload: { score: 4, comment: '技术员很专业' },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const again = await server.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${token}`,
      payload: { score: 1 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('survey_answered');
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${'x'.repeat(32)}`,
      payload: { score: 3 },
    });
    expect(bad.statusCode).toBe(404);

    const onCase = (await agent.get(`/api/v1/cases/${id}/survey`)).json();
    expect(onCase.survey).toMatchObject({ score: 4, comment: '技术员很专业' });
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect((await zhang.get(`/api/v1/cases/${id}/survey`)).statusCode).toBe(404);

    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const day = now.toISOString().slice(0, 10);
    const d = (await manager.get(`/api/v1/dashboard/satisfaction?from=${day}&to=${day}`)).json();
    expect(d.csat.answers).toBe(1);
    expect(d.csat.average).toBe(4);
    expect(d.csat.byProduct[0].name.en).toContain('CH-900 industrial chiller');
    expect(d.csat.byAgent[0].name.en).toContain('Wang Xiao');
    expect(d.csat.byPartner).toHaveLength(1);
    expect(d.csat.recent[0]).toMatchObject({ caseNumber: opened.json().number, score: 4 });
    expect((await zhang.get('/api/v1/dashboard/satisfaction')).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/**
 * A product's telemetry model over the API: the brand's staff read it; an admin or manager sets
 * it, checked against the product's part categories and its own metrics; nobody else does.
 */
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

const PA500_MODEL = {
  metrics: [
    {
      key: 'pm25_out',
      name: { en: 'PM2.5 out', zh: '出风 PM2.5' },
      unit: 'µg/m³',
      min: 0,
      max: 1000,
      normal: { low: 0, high: 35 },
    },
    {
      key: 'run_hours',
      name: { en: 'Run hours', zh: '运行小时' },
      unit: 'h',
      min: 0,
      max: 200000,
      normal: { low: 0, high: 200000 },
      counter: true,
    },
  ],
  alarms: [
    {
      code: 'F3',
      meaning: { en: 'Fan motor stalled', zh: '风机电机堵转' },
      partCategory: 'motor',
      severity: 'normal',
    },
  ],
  rules: [
    {
      kind: 'threshold',
      key: 'dirty_air',
      name: { en: 'Outlet air not clean', zh: '出风不洁净' },
      severity: 'normal',
      partCategory: 'filter',
      cause: 'wear',
      metric: 'pm25_out',
      above: 75,
      sustainedSeconds: 3600,
    },
    {
      kind: 'alarm',
      key: 'alarms',
      name: { en: 'Alarm', zh: '报警' },
      severity: 'normal',
      partCategory: 'motor',
      cause: 'manufacturing_defect',
    },
  ],
  maintenance: { runHoursMetric: 'run_hours', everyRunHours: 4000, everyMonths: 12, ref: '§3' },
  dampSeconds: 900,
};

describe('telemetry models over the API', () => {
  it("gives staff CH-900's model from the demo, in both languages", async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const r = await agent.get('/api/v1/products/CH-900/telemetry-model');
    expect(r.statusCode, r.body).toBe(200);
    const model = r.json();
    expect(model.metrics.length).toBeGreaterThan(0);
    expect(model.alarms[0].meaning).toEqual({ en: expect.any(String), zh: expect.any(String) });
    expect(model.maintenance).toMatchObject({ everyRunHours: 2000, everyMonths: 6 });
  });

  it('lets a manager set a model, which reads back as set', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const products = (await manager.get('/api/v1/products')).json().items as {
      model: string;
      partCategories: string[];
    }[];
    const pa500 = products.find((p) => p.model === 'PA-500')!;
    const model = {
      ...PA500_MODEL,
      rules: PA500_MODEL.rules.filter((r) => pa500.partCategories.includes(r.partCategory)),
      alarms: PA500_MODEL.alarms.filter((a) => pa500.partCategories.includes(a.partCategory)),
    };
    const put = await manager.request({
      method: 'PUT',
      url: '/api/v1/products/PA-500/telemetry-model',
      payload: model,
    });
    expect(put.statusCode, put.body).toBe(200);
    const read = (await manager.get('/api/v1/products/PA-500/telemetry-model')).json();
    expect(read).toEqual(model);
  });

  it('refuses a model whose rule names an unknown metric, or a kind outside the vocabulary, and changes nothing', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const before = (await manager.get('/api/v1/products/CH-900/telemetry-model')).json();
    const unknownMetric = {
      ...before,
      rules: [
        { ...before.rules.find((r: { kind: string }) => r.kind === 'threshold'), metric: 'no_such_metric' },
      ],
    };
    const refused = await manager.request({
      method: 'PUT',
      url: '/api/v1/products/CH-900/telemetry-model',
      payload: unknownMetric,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(refused.json().errors)).toContain('no_such_metric');
    const badKind = { ...before, rules: [{ ...before.rules[0], kind: 'vibes' }] };
    const refusedKind = await manager.request({
      method: 'PUT',
      url: '/api/v1/products/CH-900/telemetry-model',
      payload: badKind,
    });
    expect(refusedKind.statusCode).toBe(400);
    expect((await manager.get('/api/v1/products/CH-900/telemetry-model')).json()).toEqual(before);
  });

  it('answers 404 for an unknown product, 403 to an agent setting one and to a partner or customer reading one', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    expect((await manager.get('/api/v1/products/NOPE-1/telemetry-model')).statusCode).toBe(404);
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const model = (await agent.get('/api/v1/products/CH-900/telemetry-model')).json();
    const put = await agent.request({
      method: 'PUT',
      url: '/api/v1/products/CH-900/telemetry-model',
      payload: model,
    });
    expect(put.statusCode).toBe(403);
    for (const email of ['partner@fixit.example', 'customer@ruijin.example']) {
      const other = await Session.signIn(server.app, email);
      expect((await other.get('/api/v1/products/CH-900/telemetry-model')).statusCode, email).toBe(403);
    }
  });
});

import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alarmGuides,
  brokerAuthFiles,
  checkHeartbeats,
  type IngestReport,
  ingestReadings,
} from '../src/app/telemetry/index.ts';
import { startTelemetrySubscriber, type TelemetrySubscriber } from '../src/mqtt/telemetry-subscriber.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { type PrivateBroker, startPrivateBroker } from './support/mosquitto.ts';

/**
 * CH9-2024-00031, a CH-900 in Ruijin hospital in its third year (general cover ended, the 5-year
 * compressor cover §2.3 runs), reports through a real mosquitto with its own credentials. Monday
 * 2026-11-23 09:30 in Shanghai: business hours, so the clocks of an opened case run.
 */
let now = new Date('2026-11-23T01:30:00Z');
const SERIAL = 'CH9-2024-00031';
const SERVER = { username: 'servicebook', password: 'server-secret-for-the-test' };
let server: DemoServer;
let broker: PrivateBroker;
let subscriber: TelemetrySubscriber;
let device: MqttClient;
let topic: string;
let device2: { username: string; password: string; serial: string };
let agent: Session;
const reports: IngestReport[] = [];
/** What the subscriber ingests with: the real use case, or a stand-in that fails or hangs like a crash. */
let ingestHook: typeof ingestReadings = ingestReadings;
const subscriberOptions = () => ({
  url: broker.url,
  ...SERVER,
  clientId: 'servicebook-test',
  connections: 4,
  batchMs: 20,
  retryMs: 50,
  ingest: ((...args) => ingestHook(...args)) as typeof ingestReadings,
  onBatch: (r: IngestReport) => reports.push(r),
});

const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000).toISOString();

/** Publishes through the broker and waits until the server has ingested that many more messages. */
async function publish(messages: unknown[]): Promise<IngestReport[]> {
  const before = reports.length;
  const seen = () => reports.slice(before).reduce((n, r) => n + r.messages, 0);
  for (const m of messages) await device.publishAsync(topic, JSON.stringify(m), { qos: 1 });
  for (let i = 0; i < 200 && seen() < messages.length; i++) await new Promise((r) => setTimeout(r, 25));
  await subscriber.flush();
  expect(seen()).toBe(messages.length);
  return reports.slice(before);
}

async function entriesOf(caseId: string, type: string) {
  const rows = await server.db.deps.db
    .selectFrom('timeline_entries')
    .select(['payload'])
    .where('subject_id', '=', caseId)
    .where('entry_type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
}

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  agent = await Session.signIn(server.app, 'agent@acme.example');
  const unit = (await agent.get(`/api/v1/units/by-serial/${SERIAL}`)).json();
  const issued = await agent.post(`/api/v1/units/${unit.id}/device-credentials`, {});
  expect(issued.statusCode).toBe(201);
  const credential = issued.json();
  expect(credential.topic).toBe(`sb/acme/${SERIAL}/telemetry`);
  topic = credential.topic;
  // A second CH-900 of another customer, with credentials of its own.
  const other = (await agent.get('/api/v1/units?product=CH-900&limit=50')).json();
  const otherUnit = other.items.find((u: { serial: string }) => u.serial !== SERIAL);
  const otherIssued = (await agent.post(`/api/v1/units/${otherUnit.id}/device-credentials`, {})).json();
  device2 = { username: otherIssued.username, password: otherIssued.password, serial: otherUnit.serial };
  broker = await startPrivateBroker(await brokerAuthFiles(server.db.deps, SERVER));
  subscriber = await startTelemetrySubscriber(server.db.deps, subscriberOptions());
  device = await mqtt.connectAsync(broker.url, {
    username: credential.username,
    password: credential.password,
    reconnectPeriod: 0,
  });
}, 300_000);

afterAll(async () => {
  await device?.endAsync();
  await subscriber?.close();
  await broker?.stop();
  await server?.close();
});

describe('remote monitoring of CH9-2024-00031 through mosquitto', () => {
  let caseId: string;

  it('the broker refuses a wrong password and drops what a unit publishes on another unit’s topic', async () => {
    await expect(
      mqtt.connectAsync(broker.url, { username: `acme/${SERIAL}`, password: 'wrong', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Not authorized/);
    const before = reports.length;
    await device.publishAsync(
      `sb/acme/${device2.serial}/telemetry`,
      JSON.stringify({ at: at(0), values: {} }),
      {
        qos: 1,
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    await subscriber.flush();
    expect(reports.length).toBe(before);
  });

  it('normal readings are stored and rolled up, and open nothing', async () => {
    const normal = (offset: number, pressure: number) => ({
      at: at(offset),
      values: {
        discharge_pressure: pressure,
        suction_pressure: 4.8,
        leaving_water_temp: 7,
        entering_water_temp: 12,
        compressor_current: 60,
        run_hours: 12_000,
      },
    });
    const out = await publish([normal(-30, 18.5), normal(-20, 20.1), normal(-10, 22)]);
    expect(out.reduce((n, r) => n + r.readings, 0)).toBe(18);
    expect(out.flatMap((r) => r.rules)).toEqual([]);
    const health = (await agent.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
    expect(health.latest.discharge_pressure).toBe(22);
    const pressure = health.series.find((s: { metric: string }) => s.metric === 'discharge_pressure');
    expect(pressure.points).toHaveLength(1);
    expect(pressure.points[0]).toMatchObject({ n: 3, min: 18.5, max: 22 });
  });

  it('discharge pressure past its rule opens a case: compressor suspected, covered by §2.3, clocks running, readings as evidence', async () => {
    const [report] = await publish([{ at: at(0), values: { discharge_pressure: 27.4 } }]);
    const opened = report!.rules.find((r) => r.rule === 'discharge_pressure_high');
    expect(opened).toMatchObject({ action: 'opened', serial: SERIAL });
    caseId = opened!.caseId;
    const kase = (await agent.get(`/api/v1/cases/${caseId}`)).json();
    expect(kase).toMatchObject({ kind: 'repair', severity: 'high', channel: 'telemetry', state: 'new' });
    expect(kase.unit.serial).toBe(SERIAL);
    expect(kase.decision).toMatchObject({ covered: true, cites: ['§2.3'] });
    expect(kase.clocks.length).toBeGreaterThan(0);
    expect(kase.clocks.every((c: { stoppedAt: string | null }) => !c.stoppedAt)).toBe(true);
    expect(kase.description).toContain('Discharge pressure 27.4 bar');
    const [anomaly] = await entriesOf(caseId, 'telemetry.anomaly');
    expect(anomaly).toMatchObject({
      suspectedPart: 'compressor',
      rule: 'discharge_pressure_high',
      action: 'opened',
    });
    expect(anomaly.window.readings).toEqual([{ metric: 'discharge_pressure', at: at(0), value: 27.4 }]);
    expect(anomaly.window.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [openedEntry] = await entriesOf(caseId, 'case.opened');
    expect(openedEntry.failure).toEqual({ partCategory: 'compressor', cause: 'manufacturing_defect' });
  });

  it('a breach again within the damping time is only counted; after it, the same case is updated', async () => {
    now = new Date(now.getTime() + 60_000);
    const [quick] = await publish([{ at: at(0), values: { discharge_pressure: 27.9 } }]);
    expect(quick!.rules).toEqual([expect.objectContaining({ action: 'damped', caseId })]);
    now = new Date(now.getTime() + 20 * 60_000);
    const [later] = await publish([{ at: at(0), values: { discharge_pressure: 28.6 } }]);
    expect(later!.rules).toEqual([
      expect.objectContaining({ rule: 'discharge_pressure_high', action: 'updated', caseId }),
    ]);
    expect(await entriesOf(caseId, 'telemetry.anomaly')).toHaveLength(2);
    const health = (await agent.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
    expect(health.rules).toEqual([
      expect.objectContaining({ rule: 'discharge_pressure_high', caseId, fired: 3, damped: 1 }),
    ]);
    const cases = await server.db.deps.db
      .selectFrom('cases')
      .select('case_id')
      .where('channel', '=', 'telemetry')
      .execute();
    expect(cases).toHaveLength(1);
  });

  it('an alarm code opens a case for the part it points to', async () => {
    const [report] = await publish([{ at: at(1), values: {}, alarms: ['E201'] }]);
    expect(report!.rules).toEqual([
      expect.objectContaining({ rule: 'controller_alarm:E201', action: 'opened' }),
    ]);
    const kase = (await agent.get(`/api/v1/cases/${report!.rules[0]!.caseId}`)).json();
    expect(kase.description).toContain('Chilled water flow switch open');
    expect(kase.description).toContain('冷冻水流量开关断开');
    const health = (await agent.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
    expect(health.alarms[0]).toMatchObject({ code: 'E201', partCategory: 'pump' });
  });

  it('an alarm code links to its knowledge-base articles and troubleshooting trees, as far as the reader may open them', async () => {
    // E201 (raised above): its public article, for the agent and for the owner.
    for (const s of [agent, await Session.signIn(server.app, 'customer@ruijin.example')]) {
      const health = (await s.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
      expect(health.alarms.find((a: { code: string }) => a.code === 'E201').guides).toEqual([
        {
          kind: 'article',
          key: 'ch900-e201-flow-switch',
          title: expect.objectContaining({ en: 'CH-900 alarm E201: chilled water flow switch open' }),
        },
      ]);
    }
    // E12 has an article and a tree; E301's article is for partners only; E101 has neither.
    const db = server.db.deps.db;
    const actorOf = async (email: string) => {
      const u = await db
        .selectFrom('users')
        .select(['tenant_id', 'user_id', 'party_id', 'role'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return {
        tenantId: u.tenant_id,
        userId: u.user_id,
        partyId: u.party_id,
        role: u.role,
        homeParty: email.endsWith('@acme.example'),
        authenticatedBy: 'session' as const,
      };
    };
    const unit = await db
      .selectFrom('units')
      .select('product_id')
      .where('serial', '=', SERIAL)
      .executeTakeFirstOrThrow();
    const codes = [{ code: 'E12' }, { code: 'E301' }, { code: 'E101' }];
    const keysFor = async (email: string) => {
      const guides = await alarmGuides(
        server.db.deps,
        await actorOf(email),
        { productId: unit.product_id, model: 'CH-900' },
        codes,
      );
      return Object.fromEntries([...guides].map(([code, g]) => [code, g.map((x) => `${x.kind}:${x.key}`)]));
    };
    expect(await keysFor('customer@ruijin.example')).toEqual({
      E12: ['article:ch900-e12-high-discharge-pressure', 'tree:ch900-e12'],
      E301: [],
      E101: [],
    });
    expect((await keysFor('technician@fixit.example')).E301).toEqual(['article:ch900-e301-controller-fault']);
    expect((await keysFor('agent@acme.example')).E301).toEqual(['article:ch900-e301-controller-fault']);
  });

  it('readings that cannot be right are refused whole and counted, never half stored', async () => {
    const count = async () =>
      Number(
        (
          await server.db.deps.db
            .selectFrom('telemetry_readings')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const out = await publish([
      { at: at(2), values: { discharge_pressure: 20, humidity: 40 } }, // unknown metric
      { at: at(2), values: { discharge_pressure: 20, suction_pressure: 99 } }, // out of range
      { at: new Date(now.getTime() + 3_600_000).toISOString(), values: { discharge_pressure: 20 } }, // clock ahead
      { at: at(2), values: { run_hours: 100 } }, // the counter went back
      'not json at all',
    ]);
    expect(out.reduce((n, r) => n + r.stored, 0)).toBe(0);
    const refused = out.flatMap((r) => r.refusals.map((x) => x.reason)).sort();
    expect(refused).toEqual([
      'clock_off',
      'counter_went_back',
      'malformed',
      'out_of_range',
      'unknown_metric',
    ]);
    expect(await count()).toBe(before);
    const counted = (await agent.get('/api/v1/telemetry/refusals')).json();
    expect(counted.map((c: { reason: string }) => c.reason).sort()).toEqual(refused);
  });

  it('a gateway posts a batch over HTTP with the unit’s credentials; another unit’s serial is refused', async () => {
    const basic = `Basic ${Buffer.from(`${device2.username}:${device2.password}`).toString('base64')}`;
    const batch = {
      units: [
        {
          serial: device2.serial,
          messages: [
            { at: at(-10), values: { discharge_pressure: 19 } },
            { at: at(0), values: { discharge_pressure: 19.5 } },
          ],
        },
      ],
    };
    const ok = await server.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry/readings',
      headers: { authorization: basic },
      payload: batch,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ stored: 2, readings: 2 });
    const other = await server.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry/readings',
      headers: { authorization: basic },
      payload: { units: [{ serial: SERIAL, messages: batch.units[0]!.messages }] },
    });
    expect(other.statusCode).toBe(403);
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry/readings',
      headers: { authorization: `Basic ${Buffer.from(`${device2.username}:nope`).toString('base64')}` },
      payload: batch,
    });
    expect(wrong.statusCode).toBe(401);
    const tooMany = await server.app.inject({
      method: 'POST',
      url: '/api/v1/telemetry/readings',
      headers: { authorization: basic },
      payload: {
        units: [{ serial: device2.serial, messages: Array(2001).fill(batch.units[0]!.messages[0]) }],
      },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('run hours crossing 2,000 since the last maintenance make maintenance due', async () => {
    let health = (await agent.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
    expect(health.maintenance).toMatchObject({ due: false, lastOn: '2026-08-04', dueOn: '2027-02-04' });
    // The terms' plan (§2.4, every 6 months) is due on its calendar day until the run hours cross.
    const planned = await agent.post('/api/v1/maintenance/plans', { serial: SERIAL });
    expect(planned.statusCode, planned.body).toBe(200);
    const dueBy = async (until: string) =>
      (
        (await agent.get(`/api/v1/maintenance/due?until=${until}`)).json() as {
          serial: string;
          nextDueOn: string;
        }[]
      ).filter((p) => p.serial === SERIAL);
    const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await dueBy(today)).toEqual([]);
    const [report] = await publish([{ at: at(3), values: { run_hours: 14_001 } }]);
    expect(report!.maintenanceDue).toEqual([SERIAL]);
    // The product's schedule brings the plan forward: due today, so the reminder and the visit follow.
    expect((await dueBy(today)).map((p) => p.nextDueOn)).toEqual([today]);
    health = (await agent.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).json();
    expect(health.maintenance).toMatchObject({
      due: true,
      by: 'run_hours',
      runHoursSince: 2001,
      ref: '§2.4',
    });
    expect(health.runHours).toBe(14_001);
    const [again] = await publish([{ at: at(4), values: { run_hours: 14_002 } }]);
    expect(again!.maintenanceDue).toEqual([]);
  });

  it('an agent attaches a reading window to the case as evidence', async () => {
    const attached = await agent.post(`/api/v1/cases/${caseId}/telemetry-window`, {
      from: new Date(now.getTime() - 3_600_000).toISOString(),
      to: at(10),
      metrics: ['discharge_pressure'],
      note: 'Pressure climb before the trip',
    });
    expect(attached.statusCode).toBe(201);
    expect(attached.json().readings).toBe(6);
    const [entry] = await entriesOf(caseId, 'telemetry.window_attached');
    expect(entry.window.sha256).toBe(attached.json().sha256);
  });

  it('the owner and its service partner see the unit’s health; another customer and another partner get 404', async () => {
    for (const email of ['customer@ruijin.example', 'technician@fixit.example']) {
      const s = await Session.signIn(server.app, email);
      expect((await s.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`)).statusCode, email).toBe(200);
    }
    for (const email of ['zhang.wei@example.com', 'partner@pearlriver.example']) {
      const s = await Session.signIn(server.app, email);
      const r = await s.get(`/api/v1/units/by-serial/${SERIAL}/telemetry`);
      expect(r.statusCode, email).toBe(404);
      expect(r.json().code).toBe('not_found');
    }
    const stranger = await Session.signIn(server.app, 'zhang.wei@example.com');
    expect(
      (await stranger.post(`/api/v1/cases/${caseId}/telemetry-window`, { from: at(-60), to: at(0) }))
        .statusCode,
    ).toBe(404);
  });

  it('a unit that goes silent raises the heartbeat rule', async () => {
    expect(await checkHeartbeats(server.db.deps)).toEqual([]);
    now = new Date(now.getTime() + 16 * 60_000);
    const fired = await checkHeartbeats(server.db.deps);
    expect(fired.map((f) => [f.serial, f.rule, f.action]).sort()).toEqual(
      [
        [SERIAL, 'silent', 'opened'],
        [device2.serial, 'silent', 'opened'],
      ].sort(),
    );
    // Claimed once: the next pass finds nothing until the unit reports again.
    expect(await checkHeartbeats(server.db.deps)).toEqual([]);
    const kase = (await agent.get(`/api/v1/cases/${fired.find((f) => f.serial === SERIAL)!.caseId}`)).json();
    expect(kase.description).toContain('Unit silent');
  });
});

describe('a message is acknowledged only after its readings are committed', () => {
  const readingsAt = async (iso: string) =>
    server.db.deps.db
      .selectFrom('telemetry_readings')
      .innerJoin('units', (j) =>
        j
          .onRef('units.tenant_id', '=', 'telemetry_readings.tenant_id')
          .onRef('units.unit_id', '=', 'telemetry_readings.unit_id'),
      )
      .select(['metric', 'value'])
      .where('units.serial', '=', SERIAL)
      .where('read_at', '=', new Date(iso))
      .execute();
  const rollupOf = async (iso: string) =>
    server.db.deps.db
      .selectFrom('telemetry_rollups')
      .select(['n', 'total'])
      .where('metric', '=', 'leaving_water_temp')
      .where('hour', '=', new Date(`${iso.slice(0, 13)}:00:00.000Z`))
      .execute();
  /** Waits until the subscriber has handed a batch to the ingestion (which then hangs as a crash would). */
  const crashIn = (afterCommit: boolean) => {
    let reached!: () => void;
    const inIngest = new Promise<void>((resolve) => {
      reached = resolve;
    });
    ingestHook = async (...args) => {
      if (afterCommit) await ingestReadings(...args);
      reached();
      return new Promise<IngestReport>(() => {});
    };
    return inIngest;
  };
  const restart = async () => {
    subscriber.abandon();
    ingestHook = ingestReadings;
    const before = reports.length;
    subscriber = await startTelemetrySubscriber(server.db.deps, subscriberOptions());
    for (let i = 0; i < 200 && reports.length === before; i++) await new Promise((r) => setTimeout(r, 25));
    await subscriber.flush();
    return reports.slice(before);
  };

  it('a server that dies before the commit acknowledged nothing: the broker delivers the message again to the restarted server, stored once', async () => {
    const sent = at(30);
    const reached = crashIn(false);
    await device.publishAsync(topic, JSON.stringify({ at: sent, values: { leaving_water_temp: 7.1 } }), {
      qos: 1,
    });
    await reached;
    expect(await readingsAt(sent)).toEqual([]);
    const again = await restart();
    expect(again.reduce((n, r) => n + r.stored, 0)).toBe(1);
    expect(again.reduce((n, r) => n + r.repeated, 0)).toBe(0);
    expect(await readingsAt(sent)).toEqual([{ metric: 'leaving_water_temp', value: 7.1 }]);
  });

  it('a server that dies after the commit but before the acknowledgement gets the message again, and stores nothing twice', async () => {
    const sent = at(40);
    const before = await rollupOf(sent);
    const reached = crashIn(true);
    await device.publishAsync(topic, JSON.stringify({ at: sent, values: { leaving_water_temp: 7.3 } }), {
      qos: 1,
    });
    await reached;
    expect(await readingsAt(sent)).toHaveLength(1);
    const again = await restart();
    expect(again.reduce((n, r) => n + r.repeated, 0)).toBe(1);
    expect(again.flatMap((r) => r.rules)).toEqual([]);
    expect(await readingsAt(sent)).toEqual([{ metric: 'leaving_water_temp', value: 7.3 }]);
    // The hourly rollup counted it once.
    const [after] = await rollupOf(sent);
    expect(Number(after!.n)).toBe(Number(before[0]?.n ?? 0) + 1);
  });

  it('a commit that fails is tried again, and the message acknowledged after it succeeds', async () => {
    const sent = at(50);
    let failures = 0;
    ingestHook = async (...args) => {
      if (failures++ === 0) throw new Error('the database went away');
      return ingestReadings(...args);
    };
    const [report] = await publish([{ at: sent, values: { leaving_water_temp: 7.2 } }]);
    expect(failures).toBe(2);
    expect(report).toMatchObject({ stored: 1, repeated: 0 });
    expect(await readingsAt(sent)).toHaveLength(1);
    ingestHook = ingestReadings;
  });
});

describe('a rate rule with its window', () => {
  it('compares a reading with the average of the window before it, once the window is covered', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const model = (await manager.get('/api/v1/products/CH-900/telemetry-model')).json();
    model.rules = model.rules.map((r: { key: string }) =>
      r.key === 'discharge_pressure_rising' ? { ...r, windowSeconds: 600 } : r,
    );
    const put = await manager.request({
      method: 'PUT',
      url: '/api/v1/products/CH-900/telemetry-model',
      payload: model,
    });
    expect(put.statusCode, put.body).toBe(200);
    const tooShort = await manager.request({
      method: 'PUT',
      url: '/api/v1/products/CH-900/telemetry-model',
      payload: {
        ...model,
        rules: model.rules.map((r: { key: string }) =>
          r.key === 'discharge_pressure_rising' ? { ...r, windowSeconds: 5 } : r,
        ),
      },
    });
    expect(tooShort.statusCode).toBe(400);
    // The subscriber caches units with their model for 30 s: move the clock past it.
    now = new Date(now.getTime() + 60_000);
    // Readings only in the window's second half: not enough to judge a rate yet.
    const early = await publish([
      { at: at(-240), values: { discharge_pressure: 20 } },
      { at: at(-120), values: { discharge_pressure: 20 } },
      { at: at(-60), values: { discharge_pressure: 23 } },
    ]);
    expect(early.flatMap((r) => r.rules)).toEqual([]);
    const later = await publish([{ at: at(0), values: { discharge_pressure: 20 } }]);
    expect(later.flatMap((r) => r.rules)).toEqual([]);
    // 200 s on, the oldest (440 s back) lies in the window's first half: 20, 20, 23, 20 average
    // 20.75 at their mean time 305 s back, and 23.5 now is 2.75 bar in 305 s, 32 bar/h, past 4.
    now = new Date(now.getTime() + 200_000);
    const [fired] = await publish([{ at: at(0), values: { discharge_pressure: 23.5 } }]);
    expect(fired!.rules).toEqual([
      expect.objectContaining({ rule: 'discharge_pressure_rising', action: 'opened', serial: SERIAL }),
    ]);
  });
});

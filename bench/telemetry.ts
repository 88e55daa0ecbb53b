/**
 * Remote monitoring benchmark, on PostgreSQL (DATABASE_URL, or postgres@127.0.0.1:5432) in a
 * scratch database, through the machine's mosquitto (MQTT_URL, or mqtt://127.0.0.1:1883).
 *
 * 1. Ingestion: 10,000 CH-900 units report one message every 10 s (six metrics each: 6,000
 *    readings/s offered). A minute of that stream (60,000 messages, 360,000 readings) is published
 *    through the broker as fast as four publishers can; the server's subscriber batches it into
 *    the partitioned readings, the hourly rollups and the unit states, checking every message and
 *    evaluating the rules. Figure: readings ingested per second, beside a plain COPY (psql \copy)
 *    of the same rows into a table of the same shape, in the same run.
 * 2. Chart: one unit's 90 days from the hourly rollups (100 units with 90 days of rollups in the
 *    table), by day and by hour, p95 over 200 queries, beside a primary-key lookup's p95.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { type AppDeps, DEFAULT_SETTINGS } from '../src/app/context.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import { migrateDatabase } from '../src/app/system/index.ts';
import { chartSeries, type IngestReport } from '../src/app/telemetry/index.ts';
import { startTelemetrySubscriber } from '../src/mqtt/telemetry-subscriber.ts';
import { FolderBlobStore } from '../src/store/blob-store.ts';
import { type DatabaseHandle, openDatabase } from '../src/store/database.ts';
import { loadEvidenceSigner } from '../src/store/signing-key.ts';
import { createScratchPostgres } from '../test/support/database.ts';
import { EXAMPLES_DIR } from '../test/support/http.ts';
import { DEFAULT_POSTGRES_URL, fmt, percentile, postgresVersion as reachable } from './support/measure.ts';

const run$ = promisify(execFile);
const UNITS = 10_000;
const ROUNDS = 6; // one minute at one message per 10 s
const PUBLISHERS = 4;
const CONNECTIONS = Number(process.env.BENCH_MQTT_CONNECTIONS ?? 64);
const CHART_UNITS = 100;
const CHART_QUERIES = 200;

export async function run(): Promise<void> {
  process.env.DATABASE_URL ??= DEFAULT_POSTGRES_URL;
  const baseUrl = process.env.DATABASE_URL;
  const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  const version = await reachable(baseUrl);
  if (!version) {
    process.stdout.write(`PostgreSQL is not reachable at ${baseUrl}: skipped.\n`);
    return;
  }
  const probe = await mqtt
    .connectAsync(mqttUrl, { reconnectPeriod: 0, connectTimeout: 3000 })
    .catch(() => undefined);
  if (!probe) {
    process.stdout.write(`No MQTT broker at ${mqttUrl} (start mosquitto or set MQTT_URL): skipped.\n`);
    return;
  }
  await probe.endAsync();
  process.stdout.write(`PostgreSQL ${version}; broker ${mqttUrl}; ${os.cpus().length} cores\n`);
  const scratch = await createScratchPostgres();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-bench-'));
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 10 });
    await migrateDatabase(handle.db);
    const deps: AppDeps = {
      db: handle.db,
      blobs: new FolderBlobStore(path.join(dataDir, 'blobs')),
      now: () => new Date(),
      newId: () => randomUUID(),
      evidenceSigner: loadEvidenceSigner({ dataDir }),
      settings: DEFAULT_SETTINGS,
    };
    const { tenantId } = await seedDemo(deps, EXAMPLES_DIR);
    const tenant = await handle.db
      .selectFrom('tenants')
      .select('slug')
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    const serials = await addUnits(deps, tenantId);

    // 1. Ingestion through the broker.
    const reports: IngestReport[] = [];
    let lastBatchAt = 0;
    let failed: unknown;
    // Acknowledged after commit: one message in hand per connection, so the batch is gathered
    // across connections. A client id of this run's own, and sessions that end with it, so the
    // machine's broker keeps nothing for a bench that has gone.
    const subscriber = await startTelemetrySubscriber(deps, {
      url: mqttUrl,
      clientId: `servicebook-bench-${randomUUID().slice(0, 8)}`,
      connections: CONNECTIONS,
      sessionExpirySeconds: 0,
      batchMs: 10,
      batchMax: 5000,
      onBatch: (r) => {
        reports.push(r);
        lastBatchAt = performance.now();
      },
      onError: (e) => {
        failed ??= e;
      },
    });
    const publishers = await Promise.all(
      Array.from({ length: PUBLISHERS }, () => mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0 })),
    );
    const start = Date.now() - ROUNDS * 10_000;
    const rows: string[] = [];
    const message = (u: number, round: number) => {
      const at = new Date(start + round * 10_000 + (u % 10_000)).toISOString();
      const values = {
        discharge_pressure: 17 + ((u + round) % 40) / 10,
        suction_pressure: 4.5 + (u % 10) / 10,
        leaving_water_temp: 7 + (u % 5) / 10,
        entering_water_temp: 12 + (u % 5) / 10,
        compressor_current: 50 + (u % 30),
        run_hours: 1000 + u + round / 360,
      };
      return { at, values };
    };
    const t0 = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let u = 0; u < UNITS; u++) {
        const m = message(u, round);
        const client = publishers[u % PUBLISHERS]!;
        sends.push(
          client.publishAsync(`sb/${tenant.slug}/${serials[u]}/telemetry`, JSON.stringify(m), { qos: 1 }),
        );
        if (sends.length >= 2000) await Promise.all(sends.splice(0));
      }
    }
    await Promise.all(sends);
    const published = performance.now() - t0;
    const total = UNITS * ROUNDS;
    const seen = () => reports.reduce((n, r) => n + r.messages, 0);
    // Until all have come, or nothing more has come for 30 s after publishing ended (mosquitto drops
    // QoS 1 messages beyond a client's queue limit, max_queued_messages, when the server lags; and
    // under load one batch of first-seen units can take seconds).
    while (
      seen() < total &&
      !failed &&
      performance.now() - Math.max(lastBatchAt, t0 + published) < 30_000 &&
      performance.now() - t0 < 600_000
    )
      await new Promise((r) => setTimeout(r, 50));
    await subscriber.flush();
    const ingestedMs = lastBatchAt - t0;
    const lost = total - seen();
    await Promise.all(publishers.map((p) => p.endAsync()));
    await subscriber.close();
    if (failed) throw failed;
    const stored = reports.reduce((n, r) => n + r.readings, 0);
    const refused = reports.reduce((n, r) => n + (r.messages - r.stored), 0);
    const fired = reports.reduce((n, r) => n + r.rules.length, 0);

    // The same rows by COPY into a plain table of the same shape, in the same run.
    const units = await handle.db
      .selectFrom('units')
      .select(['unit_id', 'serial'])
      .where('serial', 'like', 'BENCH-%')
      .execute();
    const unitOf = new Map(units.map((u) => [u.serial, u.unit_id]));
    for (let round = 0; round < ROUNDS; round++)
      for (let u = 0; u < UNITS; u++) {
        const m = message(u, round);
        for (const [metric, value] of Object.entries(m.values))
          rows.push(`${tenantId},${unitOf.get(serials[u]!)},${metric},${m.at},${value}`);
      }
    const csv = path.join(dataDir, 'readings.csv');
    await fs.writeFile(csv, `${rows.join('\n')}\n`);
    await sql`CREATE TABLE copy_readings (tenant_id uuid NOT NULL, unit_id uuid NOT NULL, metric text NOT NULL, read_at timestamptz NOT NULL, value double precision NOT NULL, PRIMARY KEY (tenant_id, unit_id, metric, read_at))`.execute(
      handle.db,
    );
    const c0 = performance.now();
    await run$('psql', [scratch.url, '-qc', `\\copy copy_readings FROM '${csv}' WITH (FORMAT csv)`]);
    const copyMs = performance.now() - c0;

    const line = (label: string, value: string, reference: string, note = '') =>
      process.stdout.write(
        `${label.padEnd(46)} ${value.padStart(16)}   ${reference.padStart(24)}   ${note}\n`,
      );
    process.stdout.write(
      `\n${'figure'.padEnd(46)} ${'measured'.padStart(16)}   ${'reference'.padStart(24)}\n`,
    );
    line(
      'readings ingested per second (broker → PG)',
      fmt(stored / (ingestedMs / 1000)),
      `${fmt(rows.length / (copyMs / 1000))} COPY`,
      `${fmt(total)} messages over ${CONNECTIONS} connections, acknowledged after commit, ${fmt(stored)} readings in ${fmt(ingestedMs / 1000, 1)} s (published in ${fmt(published / 1000, 1)} s); ${refused} refused, ${fired} rules fired, ${fmt(lost)} not received (dropped by the broker's queue limit, or still queued after 30 s without a batch); ${fmt(reports.length)} batches of ${fmt(seen() / Math.max(1, reports.length), 1)} messages on average`,
    );
    line(
      'messages per second needed (10,000 units / 10 s)',
      fmt(UNITS / 10),
      fmt(seen() / (ingestedMs / 1000)),
      'needed vs ingested',
    );

    // 2. Chart query for one unit over 90 days.
    const now = new Date();
    const from = new Date(now.getTime() - 90 * 86_400_000);
    const chartUnits = units.slice(0, CHART_UNITS).map((u) => u.unit_id);
    await sql`
      INSERT INTO telemetry_rollups (tenant_id, unit_id, metric, hour, n, total, low, high)
      SELECT ${tenantId}::uuid, u, m, h, 360, 360 * 18, 15, 21
      FROM unnest(${sql.raw(`ARRAY[${chartUnits.map((u) => `'${u}'`).join(',')}]::uuid[]`)}) AS u,
        unnest(ARRAY['discharge_pressure','suction_pressure','leaving_water_temp','entering_water_temp','compressor_current','run_hours']) AS m,
        generate_series(date_trunc('hour', ${from}::timestamptz), date_trunc('hour', ${now}::timestamptz) - interval '2 hours', interval '1 hour') AS h
      ON CONFLICT DO NOTHING
    `.execute(handle.db);
    await sql`ANALYZE telemetry_rollups`.execute(handle.db);
    const rollups = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM telemetry_rollups`.execute(handle.db)).rows[0]!.n,
    );
    const metrics = ['discharge_pressure', 'suction_pressure', 'leaving_water_temp'];
    const timeQueries = async (q: (unit: string) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < CHART_QUERIES; i++) {
        const unit = chartUnits[i % chartUnits.length]!;
        const t = performance.now();
        await q(unit);
        times.push(performance.now() - t);
      }
      return percentile(
        times.sort((a, b) => a - b),
        95,
      );
    };
    let points = 0;
    const byDay = await timeQueries(async (unit) => {
      const s = await chartSeries(deps, tenantId, unit, metrics, from, now, 'day');
      points = s.reduce((n, x) => n + x.points.length, 0);
    });
    const byHour = await timeQueries((unit) => chartSeries(deps, tenantId, unit, metrics, from, now, 'hour'));
    const lookup = await timeQueries((unit) =>
      handle!.db
        .selectFrom('units')
        .select('serial')
        .where('tenant_id', '=', tenantId)
        .where('unit_id', '=', unit)
        .executeTakeFirst(),
    );
    line(
      'chart, 1 unit, 90 days by day, 3 metrics, p95',
      `${fmt(byDay, 1)} ms`,
      `${fmt(lookup, 2)} ms PK lookup`,
      `${points} points; ${fmt(rollups)} rollup rows in the table`,
    );
    line(
      'chart, 1 unit, 90 days by hour, 3 metrics, p95',
      `${fmt(byHour, 1)} ms`,
      `${fmt(lookup, 2)} ms PK lookup`,
      `${fmt(points * 24)} points`,
    );
  } finally {
    await handle?.close();
    await scratch.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** 10,000 CH-900 units of Ruijin hospital, BENCH-00001 on, in one statement. */
async function addUnits(deps: AppDeps, tenantId: string): Promise<string[]> {
  const ids = await deps.db
    .selectFrom('products')
    .innerJoin('parties', 'parties.tenant_id', 'products.tenant_id')
    .select(['products.product_id', 'parties.party_id'])
    .where('products.tenant_id', '=', tenantId)
    .where('products.model', '=', 'CH-900')
    .where('parties.key', '=', 'ruijin-hospital')
    .executeTakeFirstOrThrow();
  const now = new Date();
  await sql`
    INSERT INTO units (tenant_id, unit_id, serial, product_id, owner_party_id, territory, installed_on, created_at, updated_at)
    SELECT ${tenantId}::uuid, gen_random_uuid(), 'BENCH-' || lpad(i::text, 5, '0'), ${ids.product_id}::uuid,
      ${ids.party_id}::uuid, 'CN-SH', '2026-06-01', ${now}, ${now}
    FROM generate_series(1, ${UNITS}) AS i
  `.execute(deps.db);
  return Array.from({ length: UNITS }, (_, i) => `BENCH-${String(i + 1).padStart(5, '0')}`);
}

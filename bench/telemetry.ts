/**
 * Remote monitoring benchmark, on PostgreSQL (DATABASE_URL, or postgres@127.0.0.1:5432) in a
 * scratch database, through the machine's mosquitto (MQTT_URL, or mqtt://127.0.0.1:1883).
 *
 * 1. Ingestion, the issue's scenario: 10,000 CH-900 units report one message every 10 s (six
 *    metrics each), so 1,000 messages/s (6,000 readings/s) are offered, paced, for
 *    BENCH_TELEMETRY_SECONDS (default 120), each unit's message on its own topic with QoS 1
 *    through the broker; the server's subscriber (acknowledging each message only after its batch
 *    committed, BENCH_MQTT_CONNECTIONS connections, default 256) checks every message and writes
 *    the partitioned readings, the hourly rollups and the unit states, and evaluates the rules.
 *    Figures: messages ingested per second sustained (from 10 s in to the end of publishing)
 *    beside the rate offered; readings per second beside a plain COPY (psql \copy) of the same
 *    rows into a table of the same shape, in the same run; the lag from the broker's PUBACK to the
 *    publisher to the commit (p50, p95, max) and the backlog when publishing ended; the messages
 *    the broker acknowledged and the server never received (mosquitto drops beyond a client's
 *    queue limit when the server lags).
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
const RATE = UNITS / 10; // one message per unit every 10 s
/** How long the stream is offered (BENCH_TELEMETRY_SECONDS; the issue's figure wants minutes). */
const SECONDS = Number(process.env.BENCH_TELEMETRY_SECONDS ?? 120);
const PUBLISHERS = 8;
const RISING = process.env.BENCH_TELEMETRY_RISING === '1';
const CONNECTIONS = Number(process.env.BENCH_MQTT_CONNECTIONS ?? 256);
const BATCH_MS = Number(process.env.BENCH_MQTT_BATCH_MS ?? 50);
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
    if (RISING)
      // The rate rule's baseline (the clock hour before, from the rollups): 10 bar, so every unit's
      // first reading is a rise of 7 bar/h or more and the rule fires for each.
      await sql`
        INSERT INTO telemetry_rollups (tenant_id, unit_id, metric, hour, n, total, low, high)
        SELECT tenant_id, unit_id, 'discharge_pressure', date_trunc('hour', now()) - interval '1 hour', 360, 3600, 10, 10
        FROM units WHERE tenant_id = ${tenantId} AND serial LIKE 'BENCH-%'
      `.execute(handle.db);

    // 1. Ingestion through the broker: the issue's stream, paced. Unit u reports at second
    // (u mod 10) of every 10 s, so 1,000 messages leave every second for SECONDS seconds, each
    // as its unit's MQTT message (QoS 1) through mosquitto.
    const reports: IngestReport[] = [];
    let failed: unknown;
    let ingested = 0;
    const total = RATE * SECONDS;
    /** When each message (in publishing order) was acknowledged by the broker to its unit. */
    const sentAt = new Float64Array(total);
    let sent = 0;
    /** Lag after each batch: how long ago the message was published whose turn the count has reached. */
    const lags: number[] = [];
    // Acknowledged after commit: one message in hand per connection, so the batch is gathered
    // across connections. A client id of this run's own, and sessions that end with it, so the
    // machine's broker keeps nothing for a bench that has gone.
    const subscriber = await startTelemetrySubscriber(deps, {
      url: mqttUrl,
      clientId: `servicebook-bench-${randomUUID().slice(0, 8)}`,
      connections: CONNECTIONS,
      sessionExpirySeconds: 0,
      batchMs: BATCH_MS,
      batchMax: 5000,
      onBatch: (r) => {
        reports.push(r);
        ingested += r.messages;
        const t = performance.now();
        if (ingested > 0 && ingested <= sent) lags.push(t - sentAt[ingested - 1]!);
        timeline.push([t, ingested]);
      },
      onError: (e) => {
        failed ??= e;
      },
    });
    /** (time, messages ingested so far) after each batch. */
    const timeline: Array<[number, number]> = [];
    const publishers = await Promise.all(
      Array.from({ length: PUBLISHERS }, () => mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0 })),
    );
    const start = Date.now();
    const rows: string[] = [];
    const message = (u: number, round: number) => {
      const at = new Date(start + round * 10_000 + (u % 10) * 1000 + Math.floor(u / 10)).toISOString();
      const values = {
        // A healthy fleet: each unit steady at its own level, a little noise, no trend (a rising
        // pressure would fire the rate rule and open a case per unit, which is not this figure).
        // BENCH_TELEMETRY_RISING=1: a fleet-wide event instead, every unit's pressure climbing
        // 36 bar/h, so the rate rule opens a case for each (firings beside the stream).
        discharge_pressure: RISING ? 17 + ((u + round) % 40) / 10 : 17 + (u % 40) / 10 + (round % 2) * 0.05,
        suction_pressure: 4.5 + (u % 10) / 10,
        leaving_water_temp: 7 + (u % 5) / 10,
        entering_water_temp: 12 + (u % 5) / 10,
        compressor_current: 50 + (u % 30),
        run_hours: 1000 + u + round / 360, // 10 s of running per round
      };
      return { at, values };
    };
    // Message k: unit (k mod 10) * 1000 + floor(k / 10) mod 1000 ... in the order they fall due,
    // that is the units of second s of the round, due at k / RATE seconds after the start.
    const unitOfK = (k: number) => {
      const inRound = k % UNITS;
      const second = Math.floor(inRound / RATE);
      return (inRound % RATE) * 10 + second;
    };
    const t0 = performance.now();
    let offeredLate = 0;
    let next = 0;
    let outstanding = 0;
    await new Promise<void>((resolve, reject) => {
      const tick = () => {
        if (failed) return reject(failed);
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * RATE) + 1);
        // Messages more than a second behind their time: the publisher (not the server) lagged.
        if (due - next > RATE) offeredLate += due - next - RATE;
        for (; next < due; next++) {
          const k = next;
          const u = unitOfK(k);
          const m = message(u, Math.floor(k / UNITS));
          outstanding++;
          publishers[k % PUBLISHERS]!.publishAsync(
            `sb/${tenant.slug}/${serials[u]}/telemetry`,
            JSON.stringify(m),
            { qos: 1 },
          ).then(() => {
            sentAt[sent++] = performance.now();
            outstanding--;
          }, reject);
        }
        if (next >= total) resolve();
        else setTimeout(tick, 5);
      };
      tick();
    });
    while (outstanding > 0) await new Promise((r) => setTimeout(r, 5));
    const published = performance.now() - t0;
    const backlogAtEnd = sent - ingested;
    // Then until all have come, or nothing more has come for 30 s (mosquitto drops QoS 1
    // messages beyond a client's queue limit, max_queued_messages, when the server lags).
    let lastSeen = performance.now();
    let seenCount = ingested;
    while (ingested < total && !failed && performance.now() - lastSeen < 30_000) {
      await new Promise((r) => setTimeout(r, 50));
      if (ingested !== seenCount) {
        seenCount = ingested;
        lastSeen = performance.now();
      }
    }
    await subscriber.flush();
    const drained = (timeline.at(-1)?.[0] ?? t0) - t0;
    const dropped = total - ingested;
    await Promise.all(publishers.map((p) => p.endAsync()));
    await subscriber.close();
    if (failed) throw failed;
    const stored = reports.reduce((n, r) => n + r.readings, 0);
    const refused = reports.reduce((n, r) => n + (r.messages - r.stored), 0);
    const fired = reports.reduce((n, r) => n + r.rules.length, 0);
    // Sustained: what was ingested between 10 s in and the end of publishing, per second (the
    // first seconds fill the caches of 10,000 units seen for the first time).
    const countAt = (t: number) => {
      let n = 0;
      for (const [at, c] of timeline) if (at <= t) n = c;
      return n;
    };
    const steadyFrom = Math.min(10_000, published / 2);
    const sustained =
      ((countAt(t0 + published) - countAt(t0 + steadyFrom)) / (published - steadyFrom)) * 1000;
    const sortedLags = [...lags].sort((a, b) => a - b);

    // The same rows by COPY into a plain table of the same shape, in the same run.
    const units = await handle.db
      .selectFrom('units')
      .select(['unit_id', 'serial'])
      .where('serial', 'like', 'BENCH-%')
      .execute();
    const unitOf = new Map(units.map((u) => [u.serial, u.unit_id]));
    for (let k = 0; k < total; k++) {
      const u = unitOfK(k);
      const m = message(u, Math.floor(k / UNITS));
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
    const copyPerSecond = rows.length / (copyMs / 1000);
    line(
      'messages ingested per second, sustained',
      fmt(sustained),
      `${fmt(RATE)} offered`,
      `${RISING ? 'RISING pressure (the rate rule fires fleet-wide); ' : ''}${fmt(UNITS)} units, one message (6 readings) per 10 s each, offered for ${SECONDS} s (published in ${fmt(published / 1000, 1)} s${offeredLate > 0 ? `, ${fmt(offeredLate)} messages offered more than 1 s late by the publisher` : ''}); counted from ${fmt(steadyFrom / 1000)} s to the end of publishing; ${CONNECTIONS} connections, acknowledged after commit`,
    );
    line(
      'readings ingested per second, sustained',
      fmt(sustained * 6),
      `${fmt(copyPerSecond)} COPY`,
      `plain COPY (psql \\copy) of the same ${fmt(rows.length)} rows into a table of the same shape: ${fmt(copyMs / 1000, 1)} s`,
    );
    line(
      'lag, publish to commit, p50 / p95 / max',
      `${fmt(percentile(sortedLags, 50) / 1000, 2)} / ${fmt(percentile(sortedLags, 95) / 1000, 2)} / ${fmt((sortedLags.at(-1) ?? 0) / 1000, 2)} s`,
      `${BATCH_MS} ms batch wait`,
      `backlog when publishing ended: ${fmt(backlogAtEnd)} messages; all in by ${fmt(drained / 1000, 1)} s; ${fmt(reports.length)} batches of ${fmt(ingested / Math.max(1, reports.length), 1)} messages on average`,
    );
    line(
      'messages dropped (acknowledged, never ingested)',
      fmt(dropped),
      `${fmt(total)} published`,
      `${fmt(stored)} readings stored, ${refused} messages refused, ${fired} rules fired`,
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

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { processDueClocks } from './app/case/index.ts';
import type { AppDeps } from './app/context.ts';
import { type DemoSeedReport, findDemoTenant, seedDemo } from './app/demo/index.ts';
import { checkpointAllTenants } from './app/evidence/index.ts';
import { checkReadiness, migrateDatabase } from './app/system/index.ts';
import { checkHeartbeats, pruneTelemetry } from './app/telemetry/index.ts';
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { startTelemetrySubscriber, type TelemetrySubscriber } from './mqtt/telemetry-subscriber.ts';
import { FolderBlobStore } from './store/blob-store.ts';
import { type DatabaseHandle, openDatabase } from './store/database.ts';
import { loadEvidenceSigner } from './store/signing-key.ts';

/** Thrown when another process has the embedded database open (the CLI exits with 1). */
export { DataFolderBusy } from './store/database.ts';

/**
 * The composition root: the only place that knows every layer. It opens the database (PGlite in
 * DATA_DIR unless DATABASE_URL is set), the blob store, and passes the real clock and id maker.
 */
export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Opens the database and the rest; `purpose` (the command) is named to a second process refused by the lock. */
export async function openRuntime(config: Config, purpose = 'open'): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
    purpose,
  });
  const deps: AppDeps = {
    db: database.db,
    blobs: new FolderBlobStore(path.join(config.dataDir, 'blobs')),
    now: () => new Date(),
    newId: () => randomUUID(),
    evidenceSigner: loadEvidenceSigner({ pem: config.evidenceSigningKey, dataDir: config.dataDir }),
    settings: {
      sessionHours: config.sessionHours,
      signInMaxAttempts: config.signInMaxAttempts,
      signInWindowSeconds: config.signInWindowSeconds,
      slaWarnShare: config.slaWarnShare,
    },
  };
  return { config, database, deps, close: () => database.close() };
}

export function demoBanner(url: string, report: DemoSeedReport): string {
  const width = Math.max(...report.signIns.map((s) => s.email.length));
  const lines = [
    '',
    `Servicebook is running at ${url}  (Servicebook 已启动：${url})`,
    `API reference / 接口文档: ${url}/api/docs`,
    '',
    `Demo sign-ins, password "${report.password}" / 演示账号，密码 "${report.password}":`,
    ...report.signIns.map((s) => `  ${s.email.padEnd(width)}  ${s.role.padEnd(10)}  ${s.party}`),
    '',
  ];
  return lines.join('\n');
}

/** The built web pages. `npm install` builds them (the `prepare` script); a checkout without them builds now. */
export const WEB_ROOT = path.resolve(import.meta.dirname, '../web/dist');

function ensureWebPages(log: Logger): string | undefined {
  if (fs.existsSync(path.join(WEB_ROOT, 'index.html'))) return WEB_ROOT;
  const viteBin = path.resolve(import.meta.dirname, '../node_modules/vite/bin/vite.js');
  if (!fs.existsSync(viteBin)) {
    log.warn({ webRoot: WEB_ROOT }, 'web pages not built and Vite is not installed: serving the API only');
    return undefined;
  }
  log.info('building the web pages (web/dist is missing)');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: path.resolve(import.meta.dirname, '../web'),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    log.error('building the web pages failed: serving the API only');
    return undefined;
  }
  return WEB_ROOT;
}

/** Starts the server and stops it cleanly on SIGTERM or SIGINT. Resolves once listening. */
export async function startServer(
  config: Config,
  log: Logger = pino({ level: config.logLevel }),
): Promise<void> {
  const started = Date.now();
  const runtime = await openRuntime(config, 'serve');
  const migration = await migrateDatabase(runtime.deps.db);
  if (migration.applied.length > 0) log.info({ applied: migration.applied }, 'migrations applied');
  let demo: DemoSeedReport | undefined;
  if (config.demoSeed === 'auto') {
    const empty =
      (await runtime.deps.db.selectFrom('tenants').select('tenant_id').limit(1).execute()).length === 0;
    if (empty) {
      demo = await seedDemo(runtime.deps, config.examplesDir);
      log.info({ counts: demo.counts }, 'demo data loaded');
    } else {
      demo = await findDemoTenant(runtime.deps);
    }
  }
  const webRoot = ensureWebPages(log);
  const app = await buildApp({
    app: runtime.deps,
    readiness: () => checkReadiness(runtime.deps.db),
    logger: log,
    trustProxy: config.trustProxy,
    webRoot,
  });
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  log.info(
    { url, database: runtime.database.engine, location: runtime.database.location, ms: Date.now() - started },
    'listening',
  );
  if (demo) process.stdout.write(`${demoBanner(url, demo)}\n`);

  // Sign the head of every chain that moved, at an interval, so a later rewrite shows.
  const checkpoints = setInterval(() => {
    checkpointAllTenants(runtime.deps)
      .then((made) => {
        if (made.length > 0)
          log.info(
            { checkpoints: made.map((c) => ({ tenant: c.tenantId, seq: c.seq })) },
            'evidence checkpoints signed',
          );
      })
      .catch((error: unknown) => log.error({ err: error }, 'evidence checkpoint failed'));
  }, config.checkpointMinutes * 60_000);
  checkpoints.unref();

  // The clock worker: records warnings and breaches as they come due, and escalates by the terms.
  // Several server processes may all run it: each pass claims its clocks with SKIP LOCKED.
  let working = false;
  const worker = setInterval(() => {
    if (working) return;
    working = true;
    processDueClocks(runtime.deps)
      .then((r) => {
        if (r.failed.length + r.deadlines.failed.length > 0)
          log.error(
            { failed: r.failed, deadlinesFailed: r.deadlines.failed },
            'clocks failed; each is tried again in an hour',
          );
        if (r.warnings + r.breaches + r.deadlines.warnings + r.deadlines.breaches > 0)
          log.info({ ...r }, 'sla clocks processed');
      })
      .catch((error: unknown) => log.error({ err: error }, 'clock worker failed'))
      .finally(() => {
        working = false;
      });
  }, config.slaWorkerIntervalMs);
  worker.unref();

  // Remote monitoring: the MQTT subscriber, the heartbeat rule and retention.
  let subscriber: TelemetrySubscriber | undefined;
  if (config.mqttUrl) {
    subscriber = await startTelemetrySubscriber(runtime.deps, {
      url: config.mqttUrl,
      username: config.mqttUsername,
      password: config.mqttPassword,
      limits: {
        maxAheadSeconds: config.telemetryMaxAheadSeconds,
        maxBehindSeconds: config.telemetryMaxBehindSeconds,
      },
      onBatch: (r) => {
        if (r.rules.length + r.maintenanceDue.length > 0 || r.stored < r.messages)
          log.info({ telemetry: { ...r, refusals: r.refusals.slice(0, 10) } }, 'telemetry batch');
      },
      onError: (error) => log.error({ err: error }, 'telemetry batch failed'),
    });
    log.info({ url: config.mqttUrl }, 'subscribed to unit telemetry');
  }
  let beating = false;
  const heartbeats = setInterval(() => {
    if (beating) return;
    beating = true;
    checkHeartbeats(runtime.deps)
      .then((fired) => {
        if (fired.length > 0) log.info({ fired }, 'silent units');
      })
      .catch((error: unknown) => log.error({ err: error }, 'heartbeat check failed'))
      .finally(() => {
        beating = false;
      });
  }, config.heartbeatIntervalMs);
  heartbeats.unref();
  const prune = () =>
    pruneTelemetry(runtime.deps, {
      readingsDays: config.telemetryRetentionDays,
      rollupDays: config.telemetryRollupRetentionDays,
    }).catch((error: unknown) => log.error({ err: error }, 'telemetry retention failed'));
  const retention = setInterval(prune, 6 * 3_600_000);
  retention.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new connections, finishing requests in flight');
    clearInterval(checkpoints);
    clearInterval(worker);
    clearInterval(heartbeats);
    clearInterval(retention);
    try {
      await subscriber?.close();
      await app.close();
      // Sign what this process recorded, so the record is covered up to the moment it stopped.
      await checkpointAllTenants(runtime.deps).catch((error: unknown) =>
        log.error({ err: error }, 'final checkpoint failed'),
      );
      await runtime.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'unclean stop');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { processDueClocks } from './app/case/index.ts';
import type { AppDeps } from './app/context.ts';
import { sendRenewalReminders } from './app/contract/index.ts';
import { DEFAULT_DELIVERY, fetchPoster, type Outbound, runDeliveryPass } from './app/delivery/index.ts';
import { type DemoSeedReport, findDemoTenant, seedDemo } from './app/demo/index.ts';
import {
  checkpointAllTenants,
  findRollbacks,
  latestTreeHeads,
  sequencePendingTenants,
} from './app/evidence/index.ts';
import {
  planMaintenanceVisits,
  sendAppointmentReminders,
  sendMaintenanceNotices,
} from './app/field/index.ts';
import { checkReadiness, migrateDatabase } from './app/system/index.ts';
import { checkHeartbeats, pruneTelemetry } from './app/telemetry/index.ts';
import { type Config, ConfigError } from './config.ts';
import { buildApp } from './http/app.ts';
import { startMailIn } from './mail/index.ts';
import { startTelemetrySubscriber, type TelemetrySubscriber } from './mqtt/telemetry-subscriber.ts';
import {
  type BlobStore,
  type BlobStoreKind,
  FolderBlobStore,
  ReadThroughBlobStore,
} from './store/blob-store.ts';
import { type DatabaseHandle, openDatabase } from './store/database.ts';
import { DatabaseBlobStore } from './store/database-blob-store.ts';
import { HeadMemory } from './store/head-memory.ts';
import { uuidv7 } from './store/ids.ts';
import { legacyKeyFile, loadEvidenceSigner } from './store/signing-key.ts';
import { smtpMailTransport } from './store/smtp-mail.ts';
import { timestampWith } from './store/timestamp-authority.ts';

/** Thrown at start when the evidence log is behind the head this server last signed. */
export class LogMovedBack extends Error {}

/** Where the last signed heads are remembered: beside the key, outside the database. */
export function headMemoryOf(config: Config): HeadMemory {
  const keyFile = config.signingKeyFile ?? legacyKeyFile(config.dataDir);
  return new HeadMemory(`${keyFile}.heads.json`);
}

/** The message at start saying where the signing key is and what that means, in both languages. */
export function signingKeyMessage(config: Config, fingerprint: string): string {
  const where =
    config.signingKeySource === 'env'
      ? 'EVIDENCE_SIGNING_KEY (environment)'
      : (config.signingKeyFile ?? legacyKeyFile(config.dataDir));
  const lines = [
    `Evidence signing key: ${where}`,
    `  fingerprint (give it to parties and counsel / 请将指纹交给各方及律师): ${fingerprint}`,
  ];
  if (config.signingKeySource === 'legacy-data-dir')
    lines.push(
      '  WARNING: the key sits inside DATA_DIR, beside the data it vouches for. Move it elsewhere and set SERVICEBOOK_SIGNING_KEY_FILE.',
      '  警告：签名密钥位于数据目录中。请移至其他位置并设置 SERVICEBOOK_SIGNING_KEY_FILE。',
    );
  return lines.join('\n');
}

/**
 * Refuses to start (or, with EVIDENCE_ACCEPT_ROLLBACK=1, only alerts) when a tenant's log is not
 * an extension of the last head this server signed for it, as remembered outside the database.
 */
export async function checkLogNotMovedBack(runtime: Runtime, log: Logger): Promise<void> {
  const memory = headMemoryOf(runtime.config);
  const rollbacks = await findRollbacks(runtime.deps, memory.read());
  if (rollbacks.length === 0) return;
  log.error(
    { rollbacks, memory: memory.file },
    'the evidence log moved back behind the last head this server signed',
  );
  if (!runtime.config.acceptLogRollback)
    throw new LogMovedBack(
      `The evidence log of ${rollbacks.length} tenant(s) is behind or differs from the last tree head this server signed (${memory.file}). Refusing to start; restore the log, or set EVIDENCE_ACCEPT_ROLLBACK=1 to start anyway. / 证据日志落后于或不同于本服务器上次签名的树头，拒绝启动。`,
    );
}

/** Remembers every tenant's newest signed head outside the database. */
export async function rememberHeads(runtime: Runtime): Promise<void> {
  const heads = await latestTreeHeads(runtime.deps);
  headMemoryOf(runtime.config).remember(
    heads.map((h) => ({
      tenantId: h.tenantId,
      treeSize: h.treeSize,
      rootHash: h.rootHash,
      signedAt: h.signedAt,
    })),
  );
}

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

/**
 * A blob store of the given kind as configured: the folder DATA_DIR/blobs, the PostgreSQL
 * database of DATABASE_URL, or the S3 bucket (its SDK is loaded only then).
 */
export async function openBlobStore(config: Config, kind: BlobStoreKind): Promise<BlobStore> {
  if (kind === 'folder') return new FolderBlobStore(path.join(config.dataDir, 'blobs'));
  if (kind === 'database') {
    if (!config.databaseUrl) throw new ConfigError('the database blob store needs DATABASE_URL (PostgreSQL)');
    return new DatabaseBlobStore(config.databaseUrl);
  }
  if (!config.s3) throw new ConfigError('the S3 blob store needs S3_BUCKET (and S3_ENDPOINT, credentials)');
  const { S3BlobStore } = await import('./store/s3-blob-store.ts');
  return new S3BlobStore(config.s3);
}

/** The configured store; while DATA_DIR/blobs has files from before, they are read from there too. */
async function openConfiguredBlobStore(config: Config): Promise<BlobStore> {
  const store = await openBlobStore(config, config.blobStore);
  const folder = path.join(config.dataDir, 'blobs');
  if (config.blobStore === 'folder' || !fs.existsSync(folder)) return store;
  return new ReadThroughBlobStore(store, new FolderBlobStore(folder));
}

/** Opens the database and the rest; `purpose` (the command) is named to a second process refused by the lock. */
export async function openRuntime(config: Config, purpose = 'open'): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
    purpose,
  });
  let blobs: BlobStore;
  try {
    blobs = await openConfiguredBlobStore(config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const deps: AppDeps = {
    db: database.db,
    blobs,
    now: () => new Date(),
    // Time-ordered: new rows land at the end of their primary-key indexes (README, "Scale").
    newId: () => uuidv7(),
    evidenceSigner: loadEvidenceSigner({
      pem: config.evidenceSigningKey,
      keyFile: config.signingKeyFile,
      previousKeyFile: config.previousSigningKeyFile,
      dataDir: config.dataDir,
    }),
    ...(config.tsaUrl && { timestamper: timestampWith(config.tsaUrl) }),
    settings: {
      sessionHours: config.sessionHours,
      signInMaxAttempts: config.signInMaxAttempts,
      signInWindowSeconds: config.signInWindowSeconds,
      slaWarnShare: config.slaWarnShare,
    },
  };
  return {
    config,
    database,
    deps,
    close: async () => {
      try {
        await blobs.close?.();
      } finally {
        await database.close();
      }
    },
  };
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
  process.stdout.write(`${signingKeyMessage(config, runtime.deps.evidenceSigner.fingerprint)}\n`);
  try {
    await checkLogNotMovedBack(runtime, log);
  } catch (error) {
    await runtime.close();
    throw error;
  }
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
    {
      url,
      database: runtime.database.engine,
      location: runtime.database.location,
      files: runtime.deps.blobs.location,
      ms: Date.now() - started,
    },
    'listening',
  );
  if (demo) process.stdout.write(`${demoBanner(url, demo)}\n`);
  // E-mail in: the SMTP listener (MAIL_INBOUND_PORT) and the IMAP fetcher (MAIL_IMAP_HOST), when configured.
  const mailIn = await startMailIn(runtime.deps, config.mailIn, log);

  // Chain what was appended since, at a short interval (appends take no lock: the sequencer links
  // them in number order). One pass at a time; a tenant another server sequences is left to it.
  let sequencing = false;
  const sequencer = setInterval(() => {
    if (sequencing) return;
    sequencing = true;
    sequencePendingTenants(runtime.deps)
      .catch((error: unknown) => log.error({ err: error }, 'evidence sequencer failed'))
      .finally(() => {
        sequencing = false;
      });
  }, config.sequencerIntervalMs);
  sequencer.unref();

  // Sign the head of every chain that moved, at an interval, so a later rewrite shows.
  const checkpoints = setInterval(() => {
    checkpointAllTenants(runtime.deps)
      .then(async (made) => {
        await rememberHeads(runtime);
        if (made.length > 0)
          log.info(
            { checkpoints: made.map((c) => ({ tenant: c.tenantId, seq: c.seq })) },
            'evidence checkpoints signed',
          );
      })
      .catch((error: unknown) => log.error({ err: error }, 'evidence checkpoint failed'));
  }, config.checkpointMinutes * 60_000);
  checkpoints.unref();

  // Set when a signal stops the server; declared before the workers whose timers read it (a timer can
  // fire while the start still awaits, e.g. the MQTT connections).
  let stopping = false;

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

  // The embedded database has no autovacuum, so nothing refreshes the planner's statistics: the
  // knowledge-base search's bounded read (its impact-ordered index) and the queue's partial
  // indexes are chosen from them. Refreshed hourly (a sampled ANALYZE), as PostgreSQL would.
  if (runtime.database.engine === 'pglite') {
    const analyze = setInterval(() => {
      if (stopping) return;
      sql`ANALYZE`
        .execute(runtime.deps.db)
        .catch((error: unknown) => log.error({ err: error }, 'statistics refresh failed'));
    }, 3_600_000);
    analyze.unref();
  }

  // The delivery worker: sends the outbox by e-mail (when MAIL_SMTP_URL is set) and to webhooks.
  const outbound = outboundOf(config);
  if (outbound.mail)
    log.info({ from: config.mailFrom, dkim: Boolean(config.mailDkimKey) }, 'mail delivery on');
  else log.info('MAIL_SMTP_URL is not set: notifications wait in their queue until it is');
  let delivering = false;
  const delivery = setInterval(() => {
    if (delivering || stopping) return;
    delivering = true;
    runDeliveryPass(runtime.deps, outbound)
      .then((r) => {
        const moved =
          r.dispatched.notifications + r.mail.sent + r.mail.retried + r.mail.failed + r.mail.interrupted;
        if (moved + r.webhooks.delivered + r.webhooks.retried + r.webhooks.failed > 0)
          log.info({ ...r }, 'delivery pass');
      })
      .catch((error: unknown) => log.error({ err: error }, 'delivery worker failed'))
      .finally(() => {
        delivering = false;
      });
  }, config.deliveryIntervalMs);
  delivery.unref();

  // Field service (issue 17): visit reminders (24 h ahead), maintenance reminders and cover
  // warnings, and the maintenance visits opened 30 days ahead, every 15 minutes, each once; the
  // delivery worker sends what they queue.
  let fieldPass = false;
  const field = setInterval(() => {
    if (fieldPass || stopping) return;
    fieldPass = true;
    (async () => {
      const tenants = await runtime.deps.db.selectFrom('tenants').select('tenant_id').execute();
      for (const t of tenants) {
        const reminders = await sendAppointmentReminders(runtime.deps, t.tenant_id);
        const notices = await sendMaintenanceNotices(runtime.deps, t.tenant_id);
        const visits = await planMaintenanceVisits(runtime.deps, t.tenant_id);
        if (reminders + notices.reminders + notices.warnings + visits.opened > 0)
          log.info(
            { tenant: t.tenant_id, visitReminders: reminders, ...notices, maintenanceVisits: visits.opened },
            'field service pass',
          );
      }
    })()
      .catch((error: unknown) => log.error({ err: error }, 'field service pass failed'))
      .finally(() => {
        fieldPass = false;
      });
  }, 15 * 60_000);
  field.unref();

  // Remote monitoring: the MQTT subscriber, the heartbeat rule and retention.
  let subscriber: TelemetrySubscriber | undefined;
  if (config.mqttUrl) {
    subscriber = await startTelemetrySubscriber(runtime.deps, {
      url: config.mqttUrl,
      username: config.mqttUsername,
      password: config.mqttPassword,
      clientId: config.mqttClientId,
      connections: config.mqttConnections,
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
  // Renewal offers of contracts and plans ending within 30 days (issue 18), hourly; SKIP LOCKED.
  const renewals = setInterval(() => {
    sendRenewalReminders(runtime.deps)
      .then((n) => {
        if (n > 0) log.info({ renewals: n }, 'renewal offers queued');
      })
      .catch((error: unknown) => log.error({ err: error }, 'renewal offers failed'));
  }, 3_600_000);
  renewals.unref();

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new connections, finishing requests in flight');
    clearInterval(checkpoints);
    clearInterval(worker);
    clearInterval(delivery);
    clearInterval(sequencer);
    clearInterval(field);
    outbound.mail?.close();
    clearInterval(heartbeats);
    clearInterval(retention);
    clearInterval(renewals);
    try {
      await mailIn.close();
      await subscriber?.close();
      await app.close();
      // Sign what this process recorded, so the record is covered up to the moment it stopped.
      await checkpointAllTenants(runtime.deps)
        .then(() => rememberHeads(runtime))
        .catch((error: unknown) => log.error({ err: error }, 'final checkpoint failed'));
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

/** The mail transport (when configured), the webhook poster and the delivery settings. */
export function outboundOf(config: Config): Outbound {
  const key = config.mailDkimKey;
  const pem = key && !key.includes('-----BEGIN') && fs.existsSync(key) ? fs.readFileSync(key, 'utf8') : key;
  return {
    mail: config.mailSmtpUrl
      ? smtpMailTransport({
          url: config.mailSmtpUrl,
          dkim: pem
            ? {
                domainName: config.mailDkimDomain ?? config.mailDomain,
                keySelector: config.mailDkimSelector,
                privateKey: pem,
              }
            : undefined,
        })
      : undefined,
    postWebhook: fetchPoster(),
    settings: {
      ...DEFAULT_DELIVERY,
      from: config.mailFrom,
      domain: config.mailDomain,
      publicUrl: config.publicUrl,
      retry: {
        ...DEFAULT_DELIVERY.retry,
        maxAttempts: config.deliveryMaxAttempts,
        baseSeconds: config.deliveryRetrySeconds,
      },
      sendingLeaseSeconds: config.deliverySendingLeaseSeconds,
    },
  };
}

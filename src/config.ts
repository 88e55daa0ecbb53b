import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BLOB_STORE_KINDS, type BlobStoreKind } from './store/blob-store.ts';
import type { S3Settings } from './store/s3-blob-store.ts';

export { BLOB_STORE_KINDS, type BlobStoreKind };

/** Everything the server reads from its environment, with the defaults a new user gets. */
export interface Config {
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Interface the HTTP server binds to. */
  host: string;
  /** A PostgreSQL connection string; when absent, an embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database, the blob store and keys. */
  dataDir: string;
  /** `auto` loads the ACME demo on first start with an empty database; `off` never does. */
  demoSeed: 'auto' | 'off';
  /** Log level for pino. */
  logLevel: string;
  /**
   * The proxies in front whose X-Forwarded-* is believed (cookies get `Secure` behind TLS, and the
   * client address of the sign-in limits is the one they saw): false for none, a number of hops,
   * or their addresses (IPs or CIDR ranges). Never "any", which would let a client forge its address.
   */
  trustProxy: TrustedProxies;
  /** Sign-in attempts allowed per e-mail and client address in `signInWindowSeconds`. */
  signInMaxAttempts: number;
  signInWindowSeconds: number;
  /** How long a sign-in session lasts. */
  sessionHours: number;
  /** Where the shared example documents live (terms, calendars, claims) for the demo. */
  examplesDir: string;
  /** Ed25519 private key (PKCS#8 PEM) that signs evidence checkpoints and tree heads, given inline. */
  evidenceSigningKey: string | undefined;
  /**
   * The signing key's file (SERVICEBOOK_SIGNING_KEY_FILE); default outside the data folder, in
   * the user's configuration folder. `undefined` only for an install whose key still sits in
   * DATA_DIR/keys from before (used, with a warning at start).
   */
  signingKeyFile: string | undefined;
  /** Where the signing key comes from, for the message at start. */
  signingKeySource: 'env' | 'file' | 'default' | 'legacy-data-dir';
  /** The key the current one replaced (SERVICEBOOK_PREVIOUS_SIGNING_KEY_FILE): endorses the rotation. */
  previousSigningKeyFile: string | undefined;
  /** Start even when the log moved back behind the last head this server signed (alert only). */
  acceptLogRollback: boolean;
  /** An RFC 3161 time-stamping authority (TSA_URL): each signed tree head is timestamped there. */
  tsaUrl: string | undefined;
  /** Minutes between automatic checkpoints of the evidence record. */
  checkpointMinutes: number;
  /** How often the sequencer chains the entries appended since (EVIDENCE_SEQUENCER_MS). */
  sequencerIntervalMs: number;
  /** The share of an SLA target at which a warning is recorded. */
  slaWarnShare: number;
  /** How often the clock worker looks for warnings and breaches that have come due. */
  slaWorkerIntervalMs: number;
  /** Outgoing mail: the SMTP server (`smtp://user:pass@host:587`); unset, mail waits in its queue. */
  mailSmtpUrl: string | undefined;
  /** The From address of notifications. */
  mailFrom: string;
  /**
   * PUBLIC_URL: where people reach this server from outside (`https://service.acme.example`), the
   * base of every link in a mail (survey links); default `http://localhost:PORT`.
   */
  publicUrl: string;
  /** The domain of our Message-IDs (`<sb.{case}.{message}@MAIL_DOMAIN>`) and, by default, of DKIM. */
  mailDomain: string;
  /** DKIM: private key (PEM, or a path to one), selector, and signing domain (default MAIL_DOMAIN). */
  mailDkimKey: string | undefined;
  mailDkimSelector: string;
  mailDkimDomain: string | undefined;
  /** Attempts at a mail or webhook call before it is given up (failed), and the first backoff. */
  deliveryMaxAttempts: number;
  deliveryRetrySeconds: number;
  /** A mail `sending` for longer than this was interrupted by a crash: failed, not resent by itself. */
  deliverySendingLeaseSeconds: number;
  /** How often the delivery worker looks at the outbox and the queues. */
  deliveryIntervalMs: number;
  /**
   * Where uploaded files are kept: `database` by default with DATABASE_URL (every server process
   * reaches them), `s3` when S3_BUCKET is set, else `folder` (DATA_DIR/blobs). BLOB_STORE chooses.
   */
  blobStore: BlobStoreKind;
  /** The S3-compatible bucket, when S3_BUCKET is set. */
  s3: S3Settings | undefined;
  /** E-mail in (README "E-mail in"): the SMTP listener and the IMAP fetcher, each off unless configured. */
  /** Remote monitoring: the MQTT broker the server subscribes to (unset: no MQTT subscriber). */
  mqttUrl: string | undefined;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  /** The fixed base of the subscriber's client ids, so a restarted server gets back its unacknowledged messages. */
  mqttClientId: string | undefined;
  /** Connections in the shared subscription (each holds one message until its batch commits). */
  mqttConnections: number;
  /** Readings further ahead of the server's clock, or older, are refused. */
  telemetryMaxAheadSeconds: number;
  telemetryMaxBehindSeconds: number;
  /** Raw readings are kept this long (whole monthly partitions dropped), hourly rollups this long. */
  telemetryRetentionDays: number;
  telemetryRollupRetentionDays: number;
  /** How often silent units are looked for (the heartbeat rule). */
  heartbeatIntervalMs: number;
  mailIn: MailInConfig;
}

export interface MailInConfig {
  /** MAIL_INBOUND_PORT: the SMTP listener's port; undefined keeps it off. */
  smtpPort: number | undefined;
  smtpHost: string;
  /** MAIL_INBOUND_ADDRESSES: `service@acme.example=acme,...` (service address = tenant slug). */
  addresses: Record<string, string>;
  /** The domain of our outgoing Message-IDs (the one MAIL_DOMAIN setting), to know replies to them. */
  mailDomain: string;
  maxBytes: number;
  floodLimit: number;
  floodWindowSeconds: number;
  /** MAIL_IMAP_*: the company mailbox; undefined when MAIL_IMAP_HOST is unset. */
  imap:
    | {
        host: string;
        port: number;
        secure: boolean;
        user: string;
        password: string;
        folder: string;
        address: string;
        pollSeconds: number;
      }
    | undefined;
}

const ROOT = path.resolve(import.meta.dirname, '..');

export class ConfigError extends Error {}

export type TrustedProxies = false | number | string[];

function isAddressOrRange(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

function trustedProxiesFrom(env: NodeJS.ProcessEnv): TrustedProxies {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const addresses = raw.split(',').map((a) => a.trim());
  if (addresses.every(isAddressOrRange)) return addresses;
  throw new ConfigError(
    `TRUST_PROXY must be the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.1,10.0.0.2 or 10.0.0.0/8), got "${raw}"` +
      (raw === 'true' ? ': "true" would believe any client’s X-Forwarded-For' : ''),
  );
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function shareFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0 && value < 1))
    throw new ConfigError(`${name} must be a number between 0 and 1, got "${raw}"`);
  return value;
}

function s3From(env: NodeJS.ProcessEnv): S3Settings | undefined {
  if (!env.S3_BUCKET) return undefined;
  let prefix = env.S3_PREFIX ?? '';
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  return {
    endpoint: env.S3_ENDPOINT || undefined,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    prefix,
  };
}

function blobStoreFrom(env: NodeJS.ProcessEnv, s3: S3Settings | undefined): BlobStoreKind {
  const raw = env.BLOB_STORE || (s3 ? 's3' : env.DATABASE_URL ? 'database' : 'folder');
  if (!(BLOB_STORE_KINDS as readonly string[]).includes(raw))
    throw new ConfigError(`BLOB_STORE must be one of ${BLOB_STORE_KINDS.join(', ')}, got "${raw}"`);
  if (raw === 'database' && !env.DATABASE_URL)
    throw new ConfigError(
      'BLOB_STORE=database needs DATABASE_URL (PostgreSQL): the embedded database keeps files in DATA_DIR/blobs',
    );
  if (raw === 's3' && !s3)
    throw new ConfigError('BLOB_STORE=s3 needs S3_BUCKET (and S3_ENDPOINT, credentials)');
  return raw as BlobStoreKind;
}

/**
 * Where the evidence signing key lives: never in the data folder by default, so a copy of the
 * data (or an operator rewriting it) does not carry the key that makes a forgery look genuine.
 */
function signingKeyFrom(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Pick<Config, 'signingKeyFile' | 'signingKeySource'> {
  if (env.EVIDENCE_SIGNING_KEY) return { signingKeyFile: undefined, signingKeySource: 'env' };
  if (env.SERVICEBOOK_SIGNING_KEY_FILE)
    return { signingKeyFile: path.resolve(env.SERVICEBOOK_SIGNING_KEY_FILE), signingKeySource: 'file' };
  if (fs.existsSync(path.join(dataDir, 'keys', 'evidence-ed25519.pem')))
    return { signingKeyFile: undefined, signingKeySource: 'legacy-data-dir' };
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return {
    signingKeyFile: path.join(configHome, 'servicebook', 'evidence-ed25519.pem'),
    signingKeySource: 'default',
  };
}

function mailInFrom(env: NodeJS.ProcessEnv, mailDomain: string): MailInConfig {
  const addresses: Record<string, string> = {};
  for (const pair of (env.MAIL_INBOUND_ADDRESSES ?? '').split(',')) {
    if (!pair.trim()) continue;
    const [address = '', slug = ''] = pair.split('=').map((s) => s.trim());
    if (!/^[^@\s]+@[^@\s]+$/.test(address) || !slug)
      throw new ConfigError(
        `MAIL_INBOUND_ADDRESSES must list service@example.com=tenant-slug pairs, separated by commas, got "${pair}"`,
      );
    addresses[address.toLowerCase()] = slug;
  }
  const smtpPort = env.MAIL_INBOUND_PORT ? intFrom(env, 'MAIL_INBOUND_PORT', 0) : undefined;
  const imapHost = env.MAIL_IMAP_HOST || undefined;
  const secure = (env.MAIL_IMAP_SECURE ?? 'true') !== 'false';
  if ((smtpPort !== undefined || imapHost) && Object.keys(addresses).length === 0)
    throw new ConfigError('E-mail in needs MAIL_INBOUND_ADDRESSES (service@example.com=tenant-slug)');
  const imapAddress = (env.MAIL_IMAP_ADDRESS || Object.keys(addresses)[0] || '').toLowerCase();
  if (imapHost && !addresses[imapAddress])
    throw new ConfigError(`MAIL_IMAP_ADDRESS "${imapAddress}" is not one of MAIL_INBOUND_ADDRESSES`);
  return {
    smtpPort,
    smtpHost: env.MAIL_INBOUND_HOST || env.HOST || '0.0.0.0',
    addresses,
    mailDomain,
    maxBytes: intFrom(env, 'MAIL_INBOUND_MAX_BYTES', 25 * 1024 * 1024),
    floodLimit: intFrom(env, 'MAIL_INBOUND_FLOOD_LIMIT', 30),
    floodWindowSeconds: intFrom(env, 'MAIL_INBOUND_FLOOD_WINDOW_SECONDS', 3600),
    imap: imapHost
      ? {
          host: imapHost,
          port: intFrom(env, 'MAIL_IMAP_PORT', secure ? 993 : 143),
          secure,
          user: env.MAIL_IMAP_USER ?? '',
          password: env.MAIL_IMAP_PASSWORD ?? '',
          folder: env.MAIL_IMAP_FOLDER || 'INBOX',
          address: imapAddress,
          pollSeconds: intFrom(env, 'MAIL_IMAP_POLL_SECONDS', 60),
        }
      : undefined,
  };
}

/** PUBLIC_URL as an absolute http(s) base without a trailing slash; refused by name otherwise. */
export function publicUrlFrom(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.PUBLIC_URL || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`PUBLIC_URL must be an absolute http(s) URL, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mailDomain = env.MAIL_DOMAIN || 'servicebook.localhost';
  const demoSeed = env.DEMO_SEED ?? 'auto';
  if (demoSeed !== 'auto' && demoSeed !== 'off') {
    throw new ConfigError(`DEMO_SEED must be "auto" or "off", got "${demoSeed}"`);
  }
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || path.join(ROOT, 'data')),
    demoSeed,
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: trustedProxiesFrom(env),
    signInMaxAttempts: intFrom(env, 'SIGN_IN_MAX_ATTEMPTS', 10),
    signInWindowSeconds: intFrom(env, 'SIGN_IN_WINDOW_SECONDS', 900),
    sessionHours: intFrom(env, 'SESSION_HOURS', 12),
    examplesDir: path.resolve(env.EXAMPLES_DIR || path.join(ROOT, 'examples')),
    evidenceSigningKey: env.EVIDENCE_SIGNING_KEY || undefined,
    ...signingKeyFrom(env, path.resolve(env.DATA_DIR || path.join(ROOT, 'data'))),
    previousSigningKeyFile: env.SERVICEBOOK_PREVIOUS_SIGNING_KEY_FILE || undefined,
    acceptLogRollback: env.EVIDENCE_ACCEPT_ROLLBACK === '1',
    tsaUrl: env.TSA_URL || undefined,
    checkpointMinutes: intFrom(env, 'EVIDENCE_CHECKPOINT_MINUTES', 10),
    sequencerIntervalMs: intFrom(env, 'EVIDENCE_SEQUENCER_MS', 500),
    slaWarnShare: shareFrom(env, 'SLA_WARN_SHARE', 0.75),
    slaWorkerIntervalMs: intFrom(env, 'SLA_WORKER_INTERVAL_MS', 1000),
    mailSmtpUrl: env.MAIL_SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || `Servicebook <service@${mailDomain}>`,
    mailDomain,
    publicUrl: publicUrlFrom(env, intFrom(env, 'PORT', 3000)),
    mailDkimKey: env.MAIL_DKIM_KEY || undefined,
    mailDkimSelector: env.MAIL_DKIM_SELECTOR || 'servicebook',
    mailDkimDomain: env.MAIL_DKIM_DOMAIN || undefined,
    deliveryMaxAttempts: Math.max(1, intFrom(env, 'DELIVERY_MAX_ATTEMPTS', 6)),
    deliveryRetrySeconds: intFrom(env, 'DELIVERY_RETRY_SECONDS', 30),
    deliverySendingLeaseSeconds: intFrom(env, 'DELIVERY_SENDING_LEASE_SECONDS', 600),
    deliveryIntervalMs: Math.max(50, intFrom(env, 'DELIVERY_INTERVAL_MS', 1000)),
    blobStore: blobStoreFrom(env, s3From(env)),
    s3: s3From(env),
    mailIn: mailInFrom(env, mailDomain),
    mqttUrl: env.MQTT_URL || undefined,
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    mqttClientId: env.MQTT_CLIENT_ID || undefined,
    mqttConnections: Math.min(1024, Math.max(1, intFrom(env, 'MQTT_CONNECTIONS', 256))),
    telemetryMaxAheadSeconds: intFrom(env, 'TELEMETRY_MAX_AHEAD_SECONDS', 300),
    telemetryMaxBehindSeconds: intFrom(env, 'TELEMETRY_MAX_BEHIND_SECONDS', 7 * 86_400),
    telemetryRetentionDays: intFrom(env, 'TELEMETRY_RETENTION_DAYS', 400),
    telemetryRollupRetentionDays: intFrom(env, 'TELEMETRY_ROLLUP_RETENTION_DAYS', 5 * 366),
    heartbeatIntervalMs: intFrom(env, 'TELEMETRY_HEARTBEAT_INTERVAL_MS', 30_000),
  };
}

import net from 'node:net';
import path from 'node:path';

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
  /** Ed25519 private key (PKCS#8 PEM) that signs evidence checkpoints; default: made in DATA_DIR/keys. */
  evidenceSigningKey: string | undefined;
  /** Minutes between automatic checkpoints of the evidence record. */
  checkpointMinutes: number;
  /** The share of an SLA target at which a warning is recorded. */
  slaWarnShare: number;
  /** How often the clock worker looks for warnings and breaches that have come due. */
  slaWorkerIntervalMs: number;
  /** Remote monitoring: the MQTT broker the server subscribes to (unset: no MQTT subscriber). */
  mqttUrl: string | undefined;
  mqttUsername: string | undefined;
  mqttPassword: string | undefined;
  /** Readings further ahead of the server's clock, or older, are refused. */
  telemetryMaxAheadSeconds: number;
  telemetryMaxBehindSeconds: number;
  /** Raw readings are kept this long (whole monthly partitions dropped), hourly rollups this long. */
  telemetryRetentionDays: number;
  telemetryRollupRetentionDays: number;
  /** How often silent units are looked for (the heartbeat rule). */
  heartbeatIntervalMs: number;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
    checkpointMinutes: intFrom(env, 'EVIDENCE_CHECKPOINT_MINUTES', 10),
    slaWarnShare: shareFrom(env, 'SLA_WARN_SHARE', 0.75),
    slaWorkerIntervalMs: intFrom(env, 'SLA_WORKER_INTERVAL_MS', 1000),
    mqttUrl: env.MQTT_URL || undefined,
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    telemetryMaxAheadSeconds: intFrom(env, 'TELEMETRY_MAX_AHEAD_SECONDS', 300),
    telemetryMaxBehindSeconds: intFrom(env, 'TELEMETRY_MAX_BEHIND_SECONDS', 7 * 86_400),
    telemetryRetentionDays: intFrom(env, 'TELEMETRY_RETENTION_DAYS', 400),
    telemetryRollupRetentionDays: intFrom(env, 'TELEMETRY_ROLLUP_RETENTION_DAYS', 5 * 366),
    heartbeatIntervalMs: intFrom(env, 'TELEMETRY_HEARTBEAT_INTERVAL_MS', 30_000),
  };
}

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
  /** Set when the server sits behind a TLS-terminating proxy: cookies get `Secure`, X-Forwarded-* is trusted. */
  trustProxy: boolean;
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
}

const ROOT = path.resolve(import.meta.dirname, '..');

export class ConfigError extends Error {}

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
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    signInMaxAttempts: intFrom(env, 'SIGN_IN_MAX_ATTEMPTS', 10),
    signInWindowSeconds: intFrom(env, 'SIGN_IN_WINDOW_SECONDS', 900),
    sessionHours: intFrom(env, 'SESSION_HOURS', 12),
    examplesDir: path.resolve(env.EXAMPLES_DIR || path.join(ROOT, 'examples')),
    evidenceSigningKey: env.EVIDENCE_SIGNING_KEY || undefined,
    checkpointMinutes: intFrom(env, 'EVIDENCE_CHECKPOINT_MINUTES', 10),
    slaWarnShare: shareFrom(env, 'SLA_WARN_SHARE', 0.75),
    slaWorkerIntervalMs: intFrom(env, 'SLA_WORKER_INTERVAL_MS', 1000),
  };
}

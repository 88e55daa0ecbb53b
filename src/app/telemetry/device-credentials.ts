import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../domain/access/index.ts';
import { decideAccess } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleUnit } from '../unit/index.ts';

/** Iterations of PBKDF2-SHA512 (mosquitto's `$7$` form; its own default is 101). The secrets are 32 random bytes. */
const ITERATIONS = 1000;

/** A password hashed the way mosquitto's password file holds it: `$7$iterations$salt$hash`. */
export function mosquittoHash(password: string, salt = randomBytes(12), iterations = ITERATIONS): string {
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyMosquittoHash(password: string, stored: string): boolean {
  const [, kind, iterations, salt, hash] = stored.split('$');
  if (kind !== '7' || !iterations || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = pbkdf2Sync(
    password,
    Buffer.from(salt, 'base64'),
    Number(iterations),
    expected.length,
    'sha512',
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface DeviceCredential {
  username: string;
  /** Shown once; only its hash is kept. */
  password: string;
  topic: string;
}

/** The topic a unit publishes on: `sb/{tenant slug}/{serial}/telemetry`. */
export const telemetryTopic = (tenantKey: string, serial: string) => `sb/${tenantKey}/${serial}/telemetry`;

/**
 * Issues (or replaces) the credentials of one unit: a user name `{tenant slug}/{serial}` and a
 * random password, returned once and kept only as its hash. Staff who may change units do it.
 */
export async function issueDeviceCredential(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
): Promise<DeviceCredential> {
  if (!decideAccess(actor, 'write', 'unit').allowed) throw new AppError('forbidden');
  return inTransaction(deps, async (trx) => {
    const unit = await loadVisibleUnit(trx, actor, unitId);
    const tenant = await trx
      .selectFrom('tenants')
      .select('slug')
      .where('tenant_id', '=', actor.tenantId)
      .executeTakeFirstOrThrow();
    const username = `${tenant.slug}/${unit.serial}`;
    const password = randomBytes(32).toString('base64url');
    await trx
      .insertInto('device_credentials')
      .values({
        tenant_id: actor.tenantId,
        unit_id: unit.unit_id,
        username,
        secret_hash: mosquittoHash(password),
        created_at: deps.now(),
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'unit_id']).doUpdateSet((eb) => ({
          secret_hash: eb.ref('excluded.secret_hash'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'device.credential_issued',
      subject: { type: 'unit', id: unit.unit_id },
      payload: { serial: unit.serial, username },
    });
    return { username, password, topic: telemetryTopic(tenant.slug, unit.serial) };
  });
}

/** The unit whose credentials these are, or undefined (wrong user name or password). */
export async function verifyDeviceCredential(
  deps: Pick<AppDeps, 'db'>,
  username: string,
  password: string,
): Promise<{ tenantKey: string; serial: string } | undefined> {
  const row = await deps.db
    .selectFrom('device_credentials')
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'device_credentials.tenant_id')
        .onRef('units.unit_id', '=', 'device_credentials.unit_id'),
    )
    .innerJoin('tenants', 'tenants.tenant_id', 'device_credentials.tenant_id')
    .select(['device_credentials.secret_hash', 'units.serial', 'tenants.slug'])
    .where('device_credentials.username', '=', username)
    .executeTakeFirst();
  if (!row || !verifyMosquittoHash(password, row.secret_hash)) return undefined;
  return { tenantKey: row.slug, serial: row.serial };
}

/**
 * The broker's password file and ACL for every unit with credentials, and the server's own
 * subscriber: each unit may only publish on its own topic; the server reads them all.
 */
export async function brokerAuthFiles(
  deps: Pick<AppDeps, 'db'>,
  server: { username: string; password: string },
): Promise<{ passwordFile: string; aclFile: string }> {
  const rows = await deps.db
    .selectFrom('device_credentials')
    .select(['username', 'secret_hash'])
    .orderBy('username')
    .execute();
  const passwordFile = [`${server.username}:${mosquittoHash(server.password)}`]
    .concat(rows.map((r) => `${r.username}:${r.secret_hash}`))
    .join('\n');
  const aclFile = [`user ${server.username}`, 'topic read sb/#', '']
    .concat(rows.flatMap((r) => [`user ${r.username}`, `topic write sb/${r.username}/telemetry`, '']))
    .join('\n');
  return { passwordFile: `${passwordFile}\n`, aclFile };
}

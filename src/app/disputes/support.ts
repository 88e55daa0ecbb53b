import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { inForceOn, localDateIn } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { agreementsOfVersions } from '../terms/index.ts';

/** Staff who change records (counsel reads only). */
export function requireStaffWriter(actor: Actor): void {
  if (!readsBrandInternals(actor) || actor.role === 'counsel') throw new AppError('forbidden');
}

export async function partyByKey(db: Kysely<Database>, tenantId: string, key: string, path: string) {
  const row = await db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name', 'name_zh', 'roles'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) throw invalid([{ path, message: `no party "${key}"` }]);
  return row;
}

export async function partyById(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name', 'name_zh'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', '=', id)
    .executeTakeFirstOrThrow();
}

export async function homeParty(db: Kysely<Database>, tenantId: string) {
  const t = await db
    .selectFrom('tenants')
    .select('home_party_id')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return partyById(db, tenantId, t.home_party_id as string);
}

/** The version of an agreement in force at `at` (in the terms' zone), as the domain reads it. */
export async function agreementInForce(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
  at: Date,
  zone: string,
  path: string,
): Promise<Agreement> {
  const rows = await db
    .selectFrom('agreement_versions')
    .select('version_id')
    .where('tenant_id', '=', tenantId)
    .where('agreement_key', '=', key)
    .orderBy('version', 'desc')
    .execute();
  const versions = await agreementsOfVersions(
    db,
    tenantId,
    rows.map((r) => r.version_id),
  );
  const day = localDateIn(at, zone);
  const found = versions.find((a) => inForceOn(a, day)) ?? null;
  if (!found) throw invalid([{ path, message: `no version of agreement "${key}" is in force on ${day}` }]);
  return found;
}

/** The agreement version a record was made under. */
export async function agreementVersion(db: Kysely<Database>, tenantId: string, key: string, version: number) {
  const row = await db
    .selectFrom('agreement_versions')
    .select('version_id')
    .where('tenant_id', '=', tenantId)
    .where('agreement_key', '=', key)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  const [a] = await agreementsOfVersions(db, tenantId, [row.version_id]);
  return a!;
}

export const NO_REQUEST = { en: 'No such supplier request.', zh: '没有该供应商请求。' };
export const NO_NOTICE = { en: 'No such notice.', zh: '没有该通知。' };
export const NO_MATTER = { en: 'No such dispute matter.', zh: '没有该争议案件。' };

/** A record addressed to a counterparty is seen by the brand's staff and by that counterparty only. */
export function seesCounterparty(actor: Actor, partyId: string): boolean {
  return readsBrandInternals(actor) || actor.partyId === partyId;
}

export function notFoundUnless(visible: boolean, what: { en: string; zh: string }): void {
  if (!visible) throw notFound(what);
}

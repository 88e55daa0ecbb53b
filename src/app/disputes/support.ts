import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { inForceOn, localDateIn } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import { invalid, notFound } from '../errors.ts';
import { partyByKey } from '../party/index.ts';
import { agreementsOfVersions } from '../terms/index.ts';

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
async function agreementInForce(
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

/**
 * The party named by its key and the version of the named agreement in force at `at`, with the
 * terms' zone they were read in: what every supplier request, notice and matter starts from.
 * With `mustBeParty`, a party that is neither the agreement's provider nor its recipient is refused.
 */
export async function partyUnderAgreement(
  db: Kysely<Database>,
  tenantId: string,
  input: { party: string; partyPath: string; agreement: string; at: Date; mustBeParty: boolean },
) {
  const zone = await tenantTermsZone(db, tenantId);
  const party = await partyByKey(db, tenantId, input.party, input.partyPath);
  const agreement = await agreementInForce(db, tenantId, input.agreement, input.at, zone, '/body/agreement');
  if (input.mustBeParty && agreement.provider !== party.key && agreement.recipient !== party.key) {
    throw invalid([{ path: input.partyPath, message: `${party.key} is not a party to ${agreement.id}` }]);
  }
  return { zone, party, agreement };
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

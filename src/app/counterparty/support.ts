import type { Actor } from '../../domain/access/index.ts';
import { changesBrandRecords, readsBrandInternals } from '../../domain/access/index.ts';
import { daysFromCivil, zone } from '../../domain/calendar/index.ts';
import type { CounterpartySide, Period } from '../../domain/counterparty/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { inForceOn, localDateIn } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { agreementsOfVersions } from '../terms/index.ts';

export const NO_COUNTERPARTY = {
  en: 'No such supplier or service partner.',
  zh: '没有该供应商或服务合作方。',
};
export const NO_REVIEW = { en: 'No such review.', zh: '没有该评审。' };

/**
 * Ladders and reviews are the brand's own file (like a dispute matter): its staff read them,
 * anyone else gets 404, so a counterparty learns nothing of the brand's plan or figures about it.
 */
export function requireStaffReader(actor: Actor): void {
  if (!readsBrandInternals(actor)) throw notFound(NO_COUNTERPARTY);
}

/** Staff who change records (counsel reads only). */
export function requireStaffWriter(actor: Actor): void {
  requireStaffReader(actor);
  if (!changesBrandRecords(actor)) throw new AppError('forbidden');
}

const SIDE_OF_KIND: Record<string, CounterpartySide> = { supply: 'supplier', service_partner: 'partner' };

/**
 * A supplier or service partner named by its key, with the agreement under which it owes the
 * brand (the supply or service-partner agreement it provides, in force today in the terms' zone).
 * A party that provides no such agreement is not a counterparty here: 404.
 */
export async function counterpartyByKey(deps: AppDeps, actor: Actor, key: string) {
  requireStaffReader(actor);
  const party = await deps.db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name', 'name_zh'])
    .where('tenant_id', '=', actor.tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!party) throw notFound(NO_COUNTERPARTY);
  // Agreements number in the tens per tenant: read by provider, newest version first.
  const rows = await deps.db
    .selectFrom('agreement_versions')
    .select(['version_id', 'kind'])
    .where('tenant_id', '=', actor.tenantId)
    .where('provider_key', '=', key)
    .where('kind', 'in', Object.keys(SIDE_OF_KIND))
    .orderBy('version', 'desc')
    .execute();
  if (rows.length === 0) throw notFound(NO_COUNTERPARTY);
  const termsZone = await tenantTermsZone(deps.db, actor.tenantId);
  const today = localDateIn(deps.now(), termsZone);
  const versions = await agreementsOfVersions(
    deps.db,
    actor.tenantId,
    rows.map((r) => r.version_id),
  );
  const agreement: Agreement = versions.find((a) => inForceOn(a, today)) ?? versions[0]!;
  const side = SIDE_OF_KIND[agreement.kind]!;
  const home = await deps.db
    .selectFrom('tenants')
    .select('home_party_id')
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  return {
    party,
    side,
    agreement,
    termsZone,
    today,
    brandPartyId: home.home_party_id as string,
    view: { id: party.party_id, key: party.key, name: party.name, nameZh: party.name_zh },
  };
}

export type Counterparty = Awaited<ReturnType<typeof counterpartyByKey>>;

/** The instants a period of local dates spans in the terms' zone: [start of `from`, start of the day after `to`). */
export function periodInstants(p: Period, zoneName: string): { start: Date; end: Date } {
  const z = zone(zoneName);
  const at = (days: number) => new Date(z.toInstant(days * 86_400, 'earlier') * 1000);
  return { start: at(daysFromCivil(p.from)), end: at(daysFromCivil(p.to) + 1) };
}

/** GET /counterparties: the suppliers and service partners that provide the brand an agreement (tens of rows). */
export async function listCounterparties(deps: AppDeps, actor: Actor) {
  requireStaffReader(actor);
  const rows = await deps.db
    .selectFrom('agreement_versions')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'agreement_versions.tenant_id')
        .onRef('parties.key', '=', 'agreement_versions.provider_key'),
    )
    .select(['parties.party_id', 'parties.key', 'parties.name', 'parties.name_zh', 'agreement_versions.kind'])
    .distinct()
    .where('agreement_versions.tenant_id', '=', actor.tenantId)
    .where('agreement_versions.kind', 'in', Object.keys(SIDE_OF_KIND))
    .orderBy('parties.name')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.party_id,
      key: r.key,
      name: r.name,
      nameZh: r.name_zh,
      side: SIDE_OF_KIND[r.kind]!,
    })),
  };
}

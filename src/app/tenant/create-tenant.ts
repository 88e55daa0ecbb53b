import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { PartyInput } from '../party/index.ts';

export interface CreatedTenant {
  tenantId: string;
  homePartyId: string;
}

/** A tenant and the party that runs it (the brand), in one transaction. */
export async function createTenant(
  deps: AppDeps,
  input: { slug: string; name: string; homeParty: PartyInput },
  db: Kysely<Database> = deps.db,
): Promise<CreatedTenant> {
  const tenantId = deps.newId();
  const homePartyId = deps.newId();
  const now = deps.now();
  const write = async (trx: Kysely<Database>) => {
    await trx
      .insertInto('tenants')
      .values({ tenant_id: tenantId, slug: input.slug, name: input.name, created_at: now })
      .execute();
    const p = input.homeParty;
    await trx
      .insertInto('parties')
      .values({
        tenant_id: tenantId,
        party_id: homePartyId,
        key: p.key,
        name: p.name,
        name_zh: p.nameZh ?? null,
        roles: p.roles,
        country: p.country ?? null,
        email: p.email ?? null,
        phone: p.phone ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .updateTable('tenants')
      .set({ home_party_id: homePartyId })
      .where('tenant_id', '=', tenantId)
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  return { tenantId, homePartyId };
}

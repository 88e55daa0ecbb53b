import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { invalid } from '../errors.ts';

/** A party of the tenant named by its key in a request, or a 400 naming the field. */
export async function partyByKey(db: Kysely<Database>, tenantId: string, key: string, path: string) {
  const row = await db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name', 'name_zh', 'roles'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row)
    throw invalid([{ path, message: `no party with key "${key}"`, messageZh: `没有键为“${key}”的参与方` }]);
  return row;
}

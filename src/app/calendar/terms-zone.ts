import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/**
 * The zone a tenant's terms count their dates in, for a date that belongs to no single unit (a
 * ledger line, a stock report): the zone most of the tenant's calendars keep. A tenant with no
 * calendar yet counts in UTC until it imports one (its terms then have no business time either).
 */
export async function tenantTermsZone(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('calendar_versions')
    .select('timezone')
    .where('tenant_id', '=', tenantId)
    .groupBy('timezone')
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('timezone')
    .limit(1)
    .executeTakeFirst();
  return row?.timezone ?? 'UTC';
}

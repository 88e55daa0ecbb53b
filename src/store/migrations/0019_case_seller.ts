// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The party that sold the case's unit, kept on the case: a distributor whose agreement makes it
 * first-line support opens and works the cases of the units it sold, and sees them in its queue
 * by an index, without a join to the units on every read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases ADD COLUMN seller_party_id uuid;
    UPDATE cases SET seller_party_id = units.seller_party_id
      FROM units WHERE units.tenant_id = cases.tenant_id AND units.unit_id = cases.unit_id;
    CREATE INDEX cases_by_seller ON cases (tenant_id, seller_party_id) WHERE seller_party_id IS NOT NULL;
  `.execute(db);
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The knowledge-base articles attached to a fault code of a model, found by containment
 * (`fault_codes @> '[{"model":"CH-900","code":"E12"}]'`): a unit's health page links each alarm
 * code it shows to its articles without reading the tenant's whole knowledge base.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX kb_articles_by_fault_code ON kb_articles USING gin (fault_codes jsonb_path_ops);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX kb_articles_by_fault_code`.execute(db);
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The repairs page's day (issue 14): the work orders of one day are read by when they were
 * opened, completed or visited and by the start of the case's appointments, each through an index
 * on the tenant and that instant, so a day's read does not grow with the years of repairs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX repairs_by_opened ON repairs (tenant_id, opened_at);
    CREATE INDEX repairs_by_completed ON repairs (tenant_id, completed_at) WHERE completed_at IS NOT NULL;
    CREATE INDEX repair_visits_by_arrival ON repair_visits (tenant_id, arrived_at);
    CREATE INDEX appointments_by_start ON appointments (tenant_id, starts_at);
  `.execute(db);
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Technicians are edited and retired, never deleted (issue 17): their past visits, reports and
 * evidence name them. A retired technician (`retired_at`) is offered no slot, suggested for no
 * visit and leaves the board; the list still shows it, marked.
 *
 * Work orders are listed by state, newest first (the installation page's open and completed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE technicians ADD COLUMN retired_at timestamptz;
    CREATE INDEX work_orders_by_state ON work_orders (tenant_id, state, created_at DESC);
  `.execute(db);
}

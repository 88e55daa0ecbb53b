// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Maintenance visits generated ahead of time (issue 17).
 *
 * - A case may be `maintenance`: a planned visit, opened by the planner before a maintenance
 *   plan's due day and scheduled like any visit. It is not a failure (the failure rollups and the
 *   escalation rules count `repair` and `field_visit` only) and starts no failure clocks.
 * - `maintenance_plans.visit_case_id` / `visit_for`: the visit opened for the plan and the due day
 *   it is for, so each due day gets one visit; indexed to find a visit's plan from its case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases DROP CONSTRAINT cases_kind_check;
    ALTER TABLE cases ADD CONSTRAINT cases_kind_check
      CHECK (kind IN ('inquiry', 'repair', 'field_visit', 'return', 'complaint', 'maintenance'));
    ALTER TABLE maintenance_plans ADD COLUMN visit_case_id uuid, ADD COLUMN visit_for date;
    CREATE INDEX maintenance_plans_by_visit ON maintenance_plans (tenant_id, visit_case_id)
      WHERE visit_case_id IS NOT NULL;
  `.execute(db);
}

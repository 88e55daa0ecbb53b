// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Facts the service record must check rather than assume (issue 23):
 * - a case's failure counts as a failure of the unit (repeat and batch rules, the dashboard) only
 *   once a diagnosis confirmed it: `failure_confirmed_at`, filled in for earlier cases that were
 *   diagnosed (a `case.redecided` entry) or have a diagnosed repair;
 * - a case merged into another (a duplicate request) keeps its record and names the case it went into;
 * - one open return per unit, enforced by the database. A database that already holds two open
 *   returns of one unit stops here, naming them, for staff to reject or close one first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases ADD COLUMN failure_confirmed_at timestamptz;
    ALTER TABLE cases ADD COLUMN merged_into_case_id uuid;
    ALTER TABLE cases ADD CONSTRAINT cases_merged_into
      FOREIGN KEY (tenant_id, merged_into_case_id) REFERENCES cases (tenant_id, case_id);

    UPDATE cases c SET failure_confirmed_at = c.updated_at
    WHERE EXISTS (
        SELECT 1 FROM timeline_entries t
        WHERE t.tenant_id = c.tenant_id AND t.subject_type = 'case'
          AND t.subject_id = c.case_id::text AND t.entry_type = 'case.redecided')
       OR EXISTS (
        SELECT 1 FROM repairs r
        WHERE r.tenant_id = c.tenant_id AND r.case_id = c.case_id AND r.part_category IS NOT NULL);

    -- Confirmed failures of a unit (repeat rules) and of a tenant (the dashboard), read without
    -- the requests nobody diagnosed; open cases of a unit (the possible-duplicate warning).
    CREATE INDEX cases_confirmed_failures ON cases (tenant_id, unit_id, opened_at)
      WHERE failure_confirmed_at IS NOT NULL AND merged_into_case_id IS NULL;
    CREATE INDEX cases_open_by_unit ON cases (tenant_id, unit_id, opened_at)
      WHERE state NOT IN ('resolved', 'closed');

    DO $$
    DECLARE doubled text;
    BEGIN
      SELECT string_agg(number, ', ') INTO doubled FROM returns r
      WHERE state NOT IN ('rejected', 'closed')
        AND EXISTS (SELECT 1 FROM returns o
                    WHERE o.tenant_id = r.tenant_id AND o.unit_id = r.unit_id
                      AND o.return_id <> r.return_id AND o.state NOT IN ('rejected', 'closed'));
      IF doubled IS NOT NULL THEN
        RAISE EXCEPTION 'Open returns on the same unit: %. Reject or close all but one, then migrate again.', doubled;
      END IF;
    END $$;
    CREATE UNIQUE INDEX returns_one_open_per_unit ON returns (tenant_id, unit_id)
      WHERE state NOT IN ('rejected', 'closed');
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0009_checked_facts cannot be rolled back: restore a backup instead');
}

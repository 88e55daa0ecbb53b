// FROZEN once shipped: this migration will run on databases in the field. Never edit it then; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Costs that stay flat as the data grows (issue 21).
 *
 * - Each case carries its SLA risk: `risk_due_at`, the nearest deadline among its running clocks
 *   (9999-12-31 when none runs), `risk_calendar` the calendar of that clock, and `has_breach`
 *   (a clock was recorded breached). A statement-level trigger on case_clocks keeps them, whatever
 *   writes a clock (opening, pause and resume, the clock worker, a calendar's recompute, a merge),
 *   in the same transaction. The queue pages on (risk_due_at, case_id) through partial indexes of
 *   the open cases, one per filter, so a page reads 51 index entries whatever the size.
 * - The dashboard reads rollups kept by triggers in the same transaction as the event:
 *   `sla_daily` (ended clocks per UTC day, side and owed-by, met and breached; a merged duplicate's
 *   clocks leave it), `unit_failures` (confirmed failures per unit and whether two fell within 90
 *   days) and `cost_daily` (cost lines per day, product, bearer and currency).
 * - Indexes for the opening's facts (units of a product by sale date), the escalation board (open
 *   escalations), the unit history and search.
 * - `servicebook_rebuild_rollups(tenant)` recomputes a tenant's rollups set-based: the backfill
 *   here, and the data generator after it writes rows with triggers off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases ADD COLUMN risk_due_at bigint NOT NULL DEFAULT 253402300799;
    ALTER TABLE cases ADD COLUMN risk_calendar text;
    ALTER TABLE cases ADD COLUMN has_breach boolean NOT NULL DEFAULT false;

    CREATE FUNCTION case_risk_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE cases c SET risk_due_at = r.due, risk_calendar = r.cal, has_breach = r.breach
        FROM (SELECT DISTINCT tenant_id, case_id FROM old_clocks) k
        CROSS JOIN LATERAL (
          SELECT coalesce((SELECT due_at FROM case_clocks x WHERE x.tenant_id = k.tenant_id AND x.case_id = k.case_id
                             AND x.stopped_at IS NULL AND x.status = 'running' AND x.due_at IS NOT NULL
                           ORDER BY x.due_at LIMIT 1), 253402300799) AS due,
                 (SELECT x.calendar_key || '@' || x.calendar_version FROM case_clocks x WHERE x.tenant_id = k.tenant_id
                    AND x.case_id = k.case_id AND x.stopped_at IS NULL AND x.status = 'running' AND x.due_at IS NOT NULL
                  ORDER BY x.due_at LIMIT 1) AS cal,
                 EXISTS (SELECT 1 FROM case_clocks x WHERE x.tenant_id = k.tenant_id AND x.case_id = k.case_id
                           AND x.status = 'breached') AS breach) r
        WHERE c.tenant_id = k.tenant_id AND c.case_id = k.case_id
          AND (c.risk_due_at, c.risk_calendar, c.has_breach) IS DISTINCT FROM (r.due, r.cal, r.breach);
      ELSE
        UPDATE cases c SET risk_due_at = r.due, risk_calendar = r.cal, has_breach = r.breach
        FROM (SELECT DISTINCT tenant_id, case_id FROM new_clocks) k
        CROSS JOIN LATERAL (
          SELECT coalesce((SELECT due_at FROM case_clocks x WHERE x.tenant_id = k.tenant_id AND x.case_id = k.case_id
                             AND x.stopped_at IS NULL AND x.status = 'running' AND x.due_at IS NOT NULL
                           ORDER BY x.due_at LIMIT 1), 253402300799) AS due,
                 (SELECT x.calendar_key || '@' || x.calendar_version FROM case_clocks x WHERE x.tenant_id = k.tenant_id
                    AND x.case_id = k.case_id AND x.stopped_at IS NULL AND x.status = 'running' AND x.due_at IS NOT NULL
                  ORDER BY x.due_at LIMIT 1) AS cal,
                 EXISTS (SELECT 1 FROM case_clocks x WHERE x.tenant_id = k.tenant_id AND x.case_id = k.case_id
                           AND x.status = 'breached') AS breach) r
        WHERE c.tenant_id = k.tenant_id AND c.case_id = k.case_id
          AND (c.risk_due_at, c.risk_calendar, c.has_breach) IS DISTINCT FROM (r.due, r.cal, r.breach);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER case_risk_on_insert AFTER INSERT ON case_clocks
      REFERENCING NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION case_risk_refresh();
    CREATE TRIGGER case_risk_on_update AFTER UPDATE ON case_clocks
      REFERENCING NEW TABLE AS new_clocks FOR EACH STATEMENT EXECUTE FUNCTION case_risk_refresh();
    CREATE TRIGGER case_risk_on_delete AFTER DELETE ON case_clocks
      REFERENCING OLD TABLE AS old_clocks FOR EACH STATEMENT EXECUTE FUNCTION case_risk_refresh();

    -- The queue: open cases by risk, then id; one partial index per filter it offers.
    CREATE INDEX cases_queue ON cases (tenant_id, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX cases_queue_by_state ON cases (tenant_id, state, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX cases_queue_by_severity ON cases (tenant_id, severity, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX cases_queue_by_assignee ON cases (tenant_id, assigned_user_id, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX cases_queue_by_customer ON cases (tenant_id, customer_party_id, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    CREATE INDEX cases_queue_by_partner ON cases (tenant_id, service_party_id, risk_due_at, case_id)
      WHERE state NOT IN ('resolved', 'closed');
    -- The history: resolved and closed cases, the most recently changed first.
    CREATE INDEX cases_history ON cases (tenant_id, updated_at DESC, case_id)
      WHERE state IN ('resolved', 'closed');
    -- The dashboard's open cases by time left: counted from the index alone, per calendar.
    CREATE INDEX cases_open_risk ON cases (tenant_id, risk_calendar, risk_due_at, has_breach)
      WHERE state NOT IN ('resolved', 'closed');

    -- Rollups for the dashboard.
    CREATE TABLE sla_daily (
      tenant_id uuid NOT NULL,
      day date NOT NULL,
      side text NOT NULL,
      owed_by text NOT NULL,
      met integer NOT NULL DEFAULT 0,
      breached integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, day, side, owed_by)
    );
    CREATE TABLE unit_failures (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      product_id uuid NOT NULL,
      failures integer NOT NULL,
      repeated boolean NOT NULL,
      PRIMARY KEY (tenant_id, unit_id)
    );
    CREATE INDEX unit_failures_repeated ON unit_failures (tenant_id, failures DESC, unit_id) WHERE repeated;
    CREATE TABLE cost_daily (
      tenant_id uuid NOT NULL,
      day date NOT NULL,
      product_id uuid,
      bearer_party_id uuid NOT NULL,
      currency text NOT NULL,
      amount_minor numeric NOT NULL,
      lines integer NOT NULL,
      UNIQUE NULLS NOT DISTINCT (tenant_id, day, product_id, bearer_party_id, currency)
    );

    -- One ended clock's share of sla_daily: met on the day it stopped, breached on the day it fell due.
    CREATE FUNCTION sla_daily_add(c case_clocks, sign integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE at bigint;
    BEGIN
      IF c.status NOT IN ('met', 'breached') THEN RETURN; END IF;
      IF EXISTS (SELECT 1 FROM cases WHERE tenant_id = c.tenant_id AND case_id = c.case_id
                   AND merged_into_case_id IS NOT NULL) THEN RETURN; END IF;
      at := CASE WHEN c.status = 'met' THEN coalesce(c.stopped_at, c.due_at) ELSE coalesce(c.due_at, c.stopped_at) END;
      IF at IS NULL THEN RETURN; END IF;
      INSERT INTO sla_daily AS s (tenant_id, day, side, owed_by, met, breached)
      VALUES (c.tenant_id, (to_timestamp(at) AT TIME ZONE 'UTC')::date, c.side, c.owed_by,
              CASE WHEN c.status = 'met' THEN sign ELSE 0 END, CASE WHEN c.status = 'breached' THEN sign ELSE 0 END)
      ON CONFLICT (tenant_id, day, side, owed_by)
      DO UPDATE SET met = s.met + excluded.met, breached = s.breached + excluded.breached;
    END $$;
    CREATE FUNCTION sla_daily_on_clock() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.stopped_at IS NOT DISTINCT FROM NEW.stopped_at
         AND OLD.due_at IS NOT DISTINCT FROM NEW.due_at AND OLD.owed_by = NEW.owed_by AND OLD.side = NEW.side THEN
        RETURN NULL;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM sla_daily_add(OLD, -1); END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM sla_daily_add(NEW, 1); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER sla_daily_on_clock AFTER INSERT OR UPDATE OR DELETE ON case_clocks
      FOR EACH ROW EXECUTE FUNCTION sla_daily_on_clock();

    -- A unit's confirmed failures (repair and field-visit cases a diagnosis confirmed, not merged
    -- away), and whether two of them fell within 90 days: read from the unit's own index entries.
    CREATE FUNCTION unit_failures_refresh(t uuid, u uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE n integer; rep boolean; p uuid;
    BEGIN
      IF u IS NULL THEN RETURN; END IF;
      SELECT count(*), coalesce(bool_or(gap <= interval '90 days'), false) INTO n, rep FROM (
        SELECT opened_at - lag(opened_at) OVER (ORDER BY opened_at) AS gap FROM cases
        WHERE tenant_id = t AND unit_id = u AND failure_confirmed_at IS NOT NULL
          AND merged_into_case_id IS NULL AND kind IN ('repair', 'field_visit')) f;
      IF n = 0 THEN
        DELETE FROM unit_failures WHERE tenant_id = t AND unit_id = u;
        RETURN;
      END IF;
      SELECT product_id INTO p FROM units WHERE tenant_id = t AND unit_id = u;
      INSERT INTO unit_failures AS f (tenant_id, unit_id, product_id, failures, repeated)
      VALUES (t, u, p, n, rep)
      ON CONFLICT (tenant_id, unit_id) DO UPDATE SET product_id = excluded.product_id,
        failures = excluded.failures, repeated = excluded.repeated;
    END $$;
    CREATE FUNCTION rollups_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE k record;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.failure_confirmed_at IS NOT NULL THEN PERFORM unit_failures_refresh(NEW.tenant_id, NEW.unit_id); END IF;
        RETURN NULL;
      END IF;
      IF TG_OP = 'DELETE' THEN
        PERFORM unit_failures_refresh(OLD.tenant_id, OLD.unit_id);
        RETURN NULL;
      END IF;
      IF (OLD.failure_confirmed_at IS NULL) IS DISTINCT FROM (NEW.failure_confirmed_at IS NULL)
         OR OLD.merged_into_case_id IS DISTINCT FROM NEW.merged_into_case_id
         OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
         OR OLD.opened_at IS DISTINCT FROM NEW.opened_at THEN
        PERFORM unit_failures_refresh(NEW.tenant_id, NEW.unit_id);
        IF OLD.unit_id IS DISTINCT FROM NEW.unit_id THEN PERFORM unit_failures_refresh(OLD.tenant_id, OLD.unit_id); END IF;
      END IF;
      -- A duplicate merged away: its ended clocks leave the SLA figures (and come back if unmerged).
      IF (OLD.merged_into_case_id IS NULL) IS DISTINCT FROM (NEW.merged_into_case_id IS NULL) THEN
        FOR k IN SELECT * FROM case_clocks WHERE tenant_id = NEW.tenant_id AND case_id = NEW.case_id
                   AND status IN ('met', 'breached') LOOP
          IF NEW.merged_into_case_id IS NULL THEN
            PERFORM sla_daily_add(k, 1);
          ELSE
            -- sla_daily_add skips merged cases; subtract directly.
            INSERT INTO sla_daily AS s (tenant_id, day, side, owed_by, met, breached)
            VALUES (k.tenant_id,
              (to_timestamp(CASE WHEN k.status = 'met' THEN coalesce(k.stopped_at, k.due_at)
                                 ELSE coalesce(k.due_at, k.stopped_at) END) AT TIME ZONE 'UTC')::date,
              k.side, k.owed_by, CASE WHEN k.status = 'met' THEN -1 ELSE 0 END,
              CASE WHEN k.status = 'breached' THEN -1 ELSE 0 END)
            ON CONFLICT (tenant_id, day, side, owed_by)
            DO UPDATE SET met = s.met + excluded.met, breached = s.breached + excluded.breached;
          END IF;
        END LOOP;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER rollups_on_case AFTER INSERT OR UPDATE OR DELETE ON cases
      FOR EACH ROW EXECUTE FUNCTION rollups_on_case();

    CREATE FUNCTION cost_daily_add(l cost_lines, sign integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE p uuid;
    BEGIN
      SELECT u.product_id INTO p FROM cases c JOIN units u ON u.tenant_id = c.tenant_id AND u.unit_id = c.unit_id
      WHERE c.tenant_id = l.tenant_id AND c.case_id = l.case_id;
      INSERT INTO cost_daily AS d (tenant_id, day, product_id, bearer_party_id, currency, amount_minor, lines)
      VALUES (l.tenant_id, l.occurred_on, p, l.bearer_party_id, l.currency, sign * l.amount_minor, sign)
      ON CONFLICT (tenant_id, day, product_id, bearer_party_id, currency)
      DO UPDATE SET amount_minor = d.amount_minor + excluded.amount_minor, lines = d.lines + excluded.lines;
    END $$;
    CREATE FUNCTION cost_daily_on_line() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM cost_daily_add(OLD, -1); END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM cost_daily_add(NEW, 1); END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER cost_daily_on_line AFTER INSERT OR UPDATE OR DELETE ON cost_lines
      FOR EACH ROW EXECUTE FUNCTION cost_daily_on_line();

    -- A tenant's risk columns and rollups recomputed from the rows, set-based.
    CREATE FUNCTION servicebook_rebuild_rollups(t uuid) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE cases c SET risk_due_at = coalesce(r.due, 253402300799), risk_calendar = r.cal, has_breach = coalesce(r.breach, false)
      FROM (
        SELECT k.case_id,
          min(k.due_at) FILTER (WHERE k.stopped_at IS NULL AND k.status = 'running' AND k.due_at IS NOT NULL) AS due,
          (array_agg(k.calendar_key || '@' || k.calendar_version ORDER BY k.due_at)
             FILTER (WHERE k.stopped_at IS NULL AND k.status = 'running' AND k.due_at IS NOT NULL))[1] AS cal,
          bool_or(k.status = 'breached') AS breach
        FROM case_clocks k WHERE k.tenant_id = t GROUP BY k.case_id) r
      WHERE c.tenant_id = t AND c.case_id = r.case_id
        AND (c.risk_due_at, c.risk_calendar, c.has_breach)
            IS DISTINCT FROM (coalesce(r.due, 253402300799), r.cal, coalesce(r.breach, false));

      DELETE FROM sla_daily WHERE tenant_id = t;
      INSERT INTO sla_daily (tenant_id, day, side, owed_by, met, breached)
      SELECT k.tenant_id,
        (to_timestamp(CASE WHEN k.status = 'met' THEN coalesce(k.stopped_at, k.due_at)
                           ELSE coalesce(k.due_at, k.stopped_at) END) AT TIME ZONE 'UTC')::date AS day,
        k.side, k.owed_by, count(*) FILTER (WHERE k.status = 'met'), count(*) FILTER (WHERE k.status = 'breached')
      FROM case_clocks k JOIN cases c ON c.tenant_id = k.tenant_id AND c.case_id = k.case_id
      WHERE k.tenant_id = t AND k.status IN ('met', 'breached') AND c.merged_into_case_id IS NULL
        AND coalesce(k.stopped_at, k.due_at) IS NOT NULL
      GROUP BY 1, 2, 3, 4;

      DELETE FROM unit_failures WHERE tenant_id = t;
      INSERT INTO unit_failures (tenant_id, unit_id, product_id, failures, repeated)
      SELECT f.tenant_id, f.unit_id, u.product_id, count(*), coalesce(bool_or(f.gap <= interval '90 days'), false)
      FROM (
        SELECT tenant_id, unit_id, opened_at - lag(opened_at) OVER (PARTITION BY unit_id ORDER BY opened_at) AS gap
        FROM cases WHERE tenant_id = t AND unit_id IS NOT NULL AND failure_confirmed_at IS NOT NULL
          AND merged_into_case_id IS NULL AND kind IN ('repair', 'field_visit')) f
      JOIN units u ON u.tenant_id = f.tenant_id AND u.unit_id = f.unit_id
      GROUP BY f.tenant_id, f.unit_id, u.product_id;

      DELETE FROM cost_daily WHERE tenant_id = t;
      INSERT INTO cost_daily (tenant_id, day, product_id, bearer_party_id, currency, amount_minor, lines)
      SELECT l.tenant_id, l.occurred_on, u.product_id, l.bearer_party_id, l.currency, sum(l.amount_minor), count(*)
      FROM cost_lines l
      LEFT JOIN cases c ON c.tenant_id = l.tenant_id AND c.case_id = l.case_id
      LEFT JOIN units u ON u.tenant_id = c.tenant_id AND u.unit_id = c.unit_id
      WHERE l.tenant_id = t
      GROUP BY 1, 2, 3, 4, 5;
    END $$;
    SELECT servicebook_rebuild_rollups(tenant_id) FROM tenants;

    -- The opening's batch failure rate: the units of a product sold in the window.
    CREATE INDEX units_by_product_sold ON units (tenant_id, product_id, sold_on);
    -- The escalation board: the open and acknowledged escalations only.
    CREATE INDEX escalations_open ON escalations (tenant_id, act_by) WHERE state <> 'resolved';
    CREATE INDEX escalations_by_case ON escalations (tenant_id, case_id);
    -- Messages of a case in order (the case page).
    CREATE INDEX case_messages_by_case ON case_messages (tenant_id, case_id, created_at);
    -- Search by a customer's name regardless of case: lower(name) prefix.
    CREATE INDEX parties_by_lower_name ON parties (tenant_id, lower(name) text_pattern_ops);
    CREATE INDEX cases_by_number_pattern ON cases (tenant_id, number text_pattern_ops);
    CREATE INDEX units_by_serial_pattern ON units (tenant_id, serial text_pattern_ops);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0015_scale_indexes cannot be rolled back: restore a backup instead');
}

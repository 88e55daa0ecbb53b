// FROZEN once shipped: this migration will run on databases in the field. Never edit it then; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The opening's batch failure rate read from a rollup (issue 21): `batch_daily`, per tenant,
 * product and sale day, the units sold that day and the confirmed failures of those units, kept
 * by triggers in the same transaction as the event. The rate for a window reads at most one row
 * per day of the window (366 for a year), whatever the product's sales or the tenant's history;
 * it read every unit of the product sold in the window and probed each one's failures (27,026
 * units, 124–152 ms at 1,000,000 cases).
 *
 * A failure is what `weighOpeningTriggers` counts (src/app/case/escalate-on-opening.ts,
 * FAILURE_KINDS): a case on a unit, of kind repair, field_visit or complaint, its failure
 * confirmed by a diagnosis (`failure_confirmed_at`), not merged into another case. Units with no
 * sale date belong to no batch (the old query's `sold_on >= …` left them out too).
 *
 * Where the answer differs from the old query: it counted the failures of the batch's units
 * opened at or after the window's start instant (`now - window`); the rollup counts every
 * confirmed failure of a unit of the batch, whenever it was opened. A unit of the batch was sold
 * on or after the window's first day, so a failure after its sale is in the window anyway: the
 * two differ only for a failure opened on the window's first day before the start instant's time
 * of day (the old query dropped it, though its unit is in the batch), or opened before the unit's
 * recorded sale date (a sale date entered late or corrected). Both are failures of units of the
 * batch, which is what the rate is about: the rollup counts them.
 *
 * Triggers keep it through: a case inserted, its failure confirmed or unconfirmed, merged or
 * unmerged, its kind or unit changed, deleted; a unit inserted, its product or sale date changed,
 * deleted. A case's trigger takes the unit's row FOR SHARE while it adds to the unit's sale day, so
 * a concurrent change of that unit's sale date or product (whose trigger moves the unit's
 * failures it counts) waits for it, and the other way round: a failure is never added to a day
 * the unit has just left.
 *
 * `servicebook_rebuild_rollups(tenant)` (migration 0015, replaced here) rebuilds it too, and the
 * backfill below fills it for every tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE batch_daily (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      sold_on date NOT NULL,
      units integer NOT NULL,
      failures integer NOT NULL,
      PRIMARY KEY (tenant_id, product_id, sold_on)
    );

    -- Adds units and failures to a product's sale day (nothing for a unit with no sale date).
    CREATE FUNCTION batch_daily_add(t uuid, p uuid, d date, du integer, df integer) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
      IF d IS NULL OR p IS NULL OR (du = 0 AND df = 0) THEN RETURN; END IF;
      INSERT INTO batch_daily AS b (tenant_id, product_id, sold_on, units, failures)
      VALUES (t, p, d, du, df)
      ON CONFLICT (tenant_id, product_id, sold_on)
      DO UPDATE SET units = b.units + excluded.units, failures = b.failures + excluded.failures;
    END $$;

    -- The confirmed failures of one unit, through cases_by_unit.
    CREATE FUNCTION batch_daily_unit_failures(t uuid, u uuid) RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT count(*)::integer FROM cases
      WHERE tenant_id = t AND unit_id = u AND failure_confirmed_at IS NOT NULL
        AND merged_into_case_id IS NULL AND kind IN ('repair', 'field_visit', 'complaint')
    $$;

    -- A case leaves its unit's sale day if it counted, and joins its (new) unit's if it counts.
    CREATE FUNCTION batch_daily_on_case() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE p uuid; d date;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.unit_id IS NOT NULL AND OLD.failure_confirmed_at IS NOT NULL
         AND OLD.merged_into_case_id IS NULL AND OLD.kind IN ('repair', 'field_visit', 'complaint') THEN
        SELECT product_id, sold_on INTO p, d FROM units
        WHERE tenant_id = OLD.tenant_id AND unit_id = OLD.unit_id FOR SHARE;
        IF FOUND THEN PERFORM batch_daily_add(OLD.tenant_id, p, d, 0, -1); END IF;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.unit_id IS NOT NULL AND NEW.failure_confirmed_at IS NOT NULL
         AND NEW.merged_into_case_id IS NULL AND NEW.kind IN ('repair', 'field_visit', 'complaint') THEN
        SELECT product_id, sold_on INTO p, d FROM units
        WHERE tenant_id = NEW.tenant_id AND unit_id = NEW.unit_id FOR SHARE;
        IF FOUND THEN PERFORM batch_daily_add(NEW.tenant_id, p, d, 0, 1); END IF;
      END IF;
      RETURN NULL;
    END $$;
    -- Fired only by what can change the count (an opening inserts an unconfirmed case: nothing to do).
    CREATE TRIGGER batch_daily_on_case_insert AFTER INSERT ON cases FOR EACH ROW
      WHEN (NEW.unit_id IS NOT NULL AND NEW.failure_confirmed_at IS NOT NULL AND NEW.merged_into_case_id IS NULL
            AND NEW.kind IN ('repair', 'field_visit', 'complaint'))
      EXECUTE FUNCTION batch_daily_on_case();
    CREATE TRIGGER batch_daily_on_case_update AFTER UPDATE ON cases FOR EACH ROW
      WHEN ((OLD.tenant_id, OLD.unit_id, OLD.failure_confirmed_at IS NULL, OLD.merged_into_case_id IS NULL, OLD.kind)
            IS DISTINCT FROM
            (NEW.tenant_id, NEW.unit_id, NEW.failure_confirmed_at IS NULL, NEW.merged_into_case_id IS NULL, NEW.kind))
      EXECUTE FUNCTION batch_daily_on_case();
    CREATE TRIGGER batch_daily_on_case_delete AFTER DELETE ON cases FOR EACH ROW
      WHEN (OLD.unit_id IS NOT NULL AND OLD.failure_confirmed_at IS NOT NULL AND OLD.merged_into_case_id IS NULL
            AND OLD.kind IN ('repair', 'field_visit', 'complaint'))
      EXECUTE FUNCTION batch_daily_on_case();

    -- A unit leaves its old (product, sale day) with its failures and joins the new one with them.
    CREATE FUNCTION batch_daily_on_unit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM batch_daily_add(OLD.tenant_id, OLD.product_id, OLD.sold_on, -1,
          -batch_daily_unit_failures(OLD.tenant_id, OLD.unit_id));
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM batch_daily_add(NEW.tenant_id, NEW.product_id, NEW.sold_on, 1,
          batch_daily_unit_failures(NEW.tenant_id, NEW.unit_id));
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER batch_daily_on_unit_insert AFTER INSERT ON units FOR EACH ROW
      WHEN (NEW.sold_on IS NOT NULL)
      EXECUTE FUNCTION batch_daily_on_unit();
    CREATE TRIGGER batch_daily_on_unit_update AFTER UPDATE ON units FOR EACH ROW
      WHEN ((OLD.tenant_id, OLD.unit_id, OLD.product_id, OLD.sold_on)
            IS DISTINCT FROM (NEW.tenant_id, NEW.unit_id, NEW.product_id, NEW.sold_on))
      EXECUTE FUNCTION batch_daily_on_unit();
    CREATE TRIGGER batch_daily_on_unit_delete AFTER DELETE ON units FOR EACH ROW
      WHEN (OLD.sold_on IS NOT NULL)
      EXECUTE FUNCTION batch_daily_on_unit();

    -- A tenant's batch_daily recomputed from the rows, set-based.
    CREATE FUNCTION batch_daily_rebuild(t uuid) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM batch_daily WHERE tenant_id = t;
      INSERT INTO batch_daily (tenant_id, product_id, sold_on, units, failures)
      SELECT u.tenant_id, u.product_id, u.sold_on, count(*), coalesce(sum(f.n), 0)
      FROM units u
      LEFT JOIN (
        SELECT unit_id, count(*) AS n FROM cases
        WHERE tenant_id = t AND unit_id IS NOT NULL AND failure_confirmed_at IS NOT NULL
          AND merged_into_case_id IS NULL AND kind IN ('repair', 'field_visit', 'complaint')
        GROUP BY unit_id) f ON f.unit_id = u.unit_id
      WHERE u.tenant_id = t AND u.sold_on IS NOT NULL
      GROUP BY u.tenant_id, u.product_id, u.sold_on;
    END $$;

    -- Migration 0015's function, unchanged, with batch_daily rebuilt at its end.
    CREATE OR REPLACE FUNCTION servicebook_rebuild_rollups(t uuid) RETURNS void LANGUAGE plpgsql AS $$
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

      PERFORM batch_daily_rebuild(t);
    END $$;

    SELECT batch_daily_rebuild(tenant_id) FROM tenants;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0044_batch_daily cannot be rolled back: restore a backup instead');
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Remote monitoring. A product's telemetry model (metrics, alarm codes, rules, maintenance
 * interval), one device credential per unit, the readings partitioned by month (a partition is
 * made when the first reading of its month arrives, and dropped whole when retention passes it),
 * hourly rollups kept on insert for charts, alarms, a small state row per unit (last seen, run
 * hours, heartbeat due), the refusals counted, and the case each rule keeps open per unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE telemetry_models (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      spec jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, product_id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, product_id) ON DELETE CASCADE
    );

    CREATE TABLE device_credentials (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      -- '{tenant slug}/{serial}': the MQTT user name and the HTTP Basic user.
      username text NOT NULL,
      -- PBKDF2-SHA512 in mosquitto's own form ($7$iterations$salt$hash): the broker's password
      -- file is written from these rows, and the HTTP path checks the same hash.
      secret_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX device_credentials_by_username ON device_credentials (username);

    -- One row per unit, metric and instant; partitions by month of read_at.
    CREATE TABLE telemetry_readings (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      metric text NOT NULL,
      read_at timestamptz NOT NULL,
      value double precision NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, metric, read_at)
    ) PARTITION BY RANGE (read_at);

    CREATE TABLE telemetry_rollups (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      metric text NOT NULL,
      hour timestamptz NOT NULL,
      n integer NOT NULL,
      total double precision NOT NULL,
      low double precision NOT NULL,
      high double precision NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, metric, hour)
    );
    CREATE INDEX telemetry_rollups_by_hour ON telemetry_rollups (hour);

    CREATE TABLE telemetry_alarms (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      raised_at timestamptz NOT NULL,
      code text NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, raised_at, code)
    );
    CREATE INDEX telemetry_alarms_by_time ON telemetry_alarms (raised_at);

    CREATE TABLE telemetry_states (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      last_seen_at timestamptz NOT NULL,
      -- When the heartbeat rule fires if nothing more arrives; null once it has fired.
      heartbeat_due_at timestamptz,
      run_hours double precision,
      -- The maintenance the run hours are counted from, and the run hours at which the next is due.
      maintenance_basis_on date,
      maintenance_due_hours double precision,
      -- Set once the run hours crossed maintenance_due_hours (recorded once per basis).
      maintenance_due_at timestamptz,
      PRIMARY KEY (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id) ON DELETE CASCADE
    );
    CREATE INDEX telemetry_states_heartbeat_due ON telemetry_states (heartbeat_due_at)
      WHERE heartbeat_due_at IS NOT NULL;

    -- Readings refused, counted by tenant (the slug as sent, '' when none), reason and day.
    CREATE TABLE telemetry_refusals (
      -- Null when the tenant is unknown (like attempt_limits.tenant_id): counted under tenant_key ''.
      tenant_id uuid,
      tenant_key text NOT NULL,
      reason text NOT NULL,
      day date NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (tenant_key, reason, day)
    );

    -- The case a rule keeps open for a unit: one at a time, re-fires update it.
    CREATE TABLE telemetry_rule_cases (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      rule text NOT NULL,
      case_id uuid NOT NULL,
      opened_at timestamptz NOT NULL,
      last_fired_at timestamptz NOT NULL,
      last_recorded_at timestamptz NOT NULL,
      fired integer NOT NULL,
      damped integer NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, rule),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id)
    );
    CREATE INDEX telemetry_rule_cases_by_case ON telemetry_rule_cases (tenant_id, case_id);
  `.execute(db);
}

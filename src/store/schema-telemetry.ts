import type { ColumnType } from 'kysely';
import type { TelemetryModel } from '../domain/telemetry/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CalendarDate = ColumnType<string, string, string>;

/** Remote monitoring (migration 0017_telemetry). */
export interface TelemetryTables {
  telemetry_models: {
    tenant_id: string;
    product_id: string;
    spec: ColumnType<TelemetryModel, string, string>;
    updated_at: Timestamp;
  };
  device_credentials: {
    tenant_id: string;
    unit_id: string;
    username: string;
    secret_hash: string;
    created_at: Timestamp;
  };
  telemetry_readings: {
    tenant_id: string;
    unit_id: string;
    metric: string;
    read_at: Timestamp;
    value: number;
  };
  telemetry_rollups: {
    tenant_id: string;
    unit_id: string;
    metric: string;
    hour: Timestamp;
    n: number;
    total: number;
    low: number;
    high: number;
  };
  telemetry_alarms: {
    tenant_id: string;
    unit_id: string;
    raised_at: Timestamp;
    code: string;
  };
  telemetry_states: {
    tenant_id: string;
    unit_id: string;
    last_seen_at: Timestamp;
    heartbeat_due_at: Timestamp | null;
    run_hours: number | null;
    maintenance_basis_on: CalendarDate | null;
    maintenance_due_hours: number | null;
    maintenance_due_at: Timestamp | null;
  };
  telemetry_refusals: {
    tenant_id: string | null;
    tenant_key: string;
    reason: string;
    day: CalendarDate;
    count: ColumnType<string, number | string, number | string>;
  };
  telemetry_rule_cases: {
    tenant_id: string;
    unit_id: string;
    rule: string;
    case_id: string;
    opened_at: Timestamp;
    last_fired_at: Timestamp;
    last_recorded_at: Timestamp;
    fired: number;
    damped: number;
  };
}

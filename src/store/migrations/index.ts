import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_calendars.ts';
import * as m0003 from './0003_agreements.ts';
import * as m0004 from './0004_evidence.ts';
import * as m0005 from './0005_cases.ts';
import * as m0006 from './0006_service_operations.ts';
import * as m0007 from './0007_portal.ts';
import * as m0008 from './0008_deadline_clocks.ts';
import * as m0009 from './0009_official_holiday_years.ts';
import * as m0010 from './0010_checked_facts.ts';
import * as m0011 from './0011_attempt_limits.ts';
import * as m0017 from './0017_telemetry.ts';

/** Every migration, in order. Names sort the same way as they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_calendars': m0002,
  '0003_agreements': m0003,
  '0004_evidence': m0004,
  '0005_cases': m0005,
  '0006_service_operations': m0006,
  '0007_portal': m0007,
  '0008_deadline_clocks': m0008,
  '0009_official_holiday_years': m0009,
  '0010_checked_facts': m0010,
  '0011_attempt_limits': m0011,
  '0017_telemetry': m0017,
};

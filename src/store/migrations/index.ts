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
import * as m0012 from './0012_mail_inbound.ts';
import * as m0013 from './0013_mail_delivery.ts';
import * as m0014 from './0014_merkle_log.ts';
import * as m0015 from './0015_scale_indexes.ts';
import * as m0016 from './0016_blobs_in_database.ts';
import * as m0017 from './0017_telemetry.ts';
import * as m0019 from './0019_case_seller.ts';
import * as m0020 from './0020_knowledge_base.ts';
import * as m0021 from './0021_troubleshooting.ts';
import * as m0022 from './0022_review_data_and_trigger_counts.ts';
import * as m0024 from './0024_personal_data.ts';
import * as m0025 from './0025_case_search.ts';
import * as m0027 from './0027_disputes.ts';
import * as m0028 from './0028_field_service.ts';
import * as m0029 from './0029_service_contracts.ts';
import * as m0030 from './0030_partner_trigger_counts.ts';
import * as m0031 from './0031_case_page.ts';
import * as m0032 from './0032_kb_impact_postings.ts';
import * as m0033 from './0033_alarm_guides.ts';
import * as m0034 from './0034_maintenance_visits.ts';
import * as m0035 from './0035_counterparty_reviews.ts';
import * as m0037 from './0037_technician_retirement.ts';
import * as m0038 from './0038_work_day_indexes.ts';
import * as m0039 from './0039_exchanges_and_loans.ts';
import * as m0040 from './0040_independent_repair_shops.ts';
import * as m0042 from './0042_open_case_search.ts';
import * as m0043 from './0043_cost_line_entries.ts';
import * as m0044 from './0044_batch_daily.ts';
import * as m0045 from './0045_lock_free_append.ts';

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
  '0012_mail_inbound': m0012,
  '0013_mail_delivery': m0013,
  '0014_merkle_log': m0014,
  '0015_scale_indexes': m0015,
  '0016_blobs_in_database': m0016,
  '0017_telemetry': m0017,
  '0019_case_seller': m0019,
  '0020_knowledge_base': m0020,
  '0021_troubleshooting': m0021,
  '0022_review_data_and_trigger_counts': m0022,
  '0024_personal_data': m0024,
  '0025_case_search': m0025,
  '0027_disputes': m0027,
  '0028_field_service': m0028,
  '0029_service_contracts': m0029,
  '0030_partner_trigger_counts': m0030,
  '0031_case_page': m0031,
  '0032_kb_impact_postings': m0032,
  '0033_alarm_guides': m0033,
  '0034_maintenance_visits': m0034,
  '0035_counterparty_reviews': m0035,
  '0037_technician_retirement': m0037,
  '0038_work_day_indexes': m0038,
  '0039_exchanges_and_loans': m0039,
  '0040_independent_repair_shops': m0040,
  '0042_open_case_search': m0042,
  '0043_cost_line_entries': m0043,
  '0044_batch_daily': m0044,
  '0045_lock_free_append': m0045,
};

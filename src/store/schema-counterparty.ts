import type { ColumnType } from 'kysely';

/** Tables of migration 0035: escalation ladders and counterparty reviews (issue 16). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CalendarDate = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface EscalationContactTable {
  tenant_id: string;
  party_id: string;
  position: number;
  level: 'service_manager' | 'management' | 'legal';
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  languages: string[];
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CounterpartyReviewTable {
  tenant_id: string;
  review_id: string;
  number: string;
  party_id: string;
  side: 'supplier' | 'partner';
  agreement_id: string | null;
  period_from: CalendarDate;
  period_to: CalendarDate;
  previous_from: CalendarDate;
  previous_to: CalendarDate;
  currency: string;
  figures: Json;
  previous_figures: Json;
  failures_by_part: Json;
  notes: string;
  follow_ups: Json;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CounterpartyTables {
  escalation_contacts: EscalationContactTable;
  counterparty_reviews: CounterpartyReviewTable;
}

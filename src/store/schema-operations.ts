import type { ColumnType } from 'kysely';
import type { ClaimDecision } from '../domain/claims/index.ts';
import type { RepeatFinding } from '../domain/repair/index.ts';
import type { ReturnCheck } from '../domain/returns/index.ts';
import type { EntitlementDecision } from '../domain/terms/index.ts';

/** Tables of migration 0006: returns, repairs, spare parts and stock, claims, recovery, cost ledger. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CalendarDate = ColumnType<string, string, string>;
/** jsonb: read as parsed JSON, written as JSON text. */
type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null, string | null>;

export interface DocumentCounterTable {
  tenant_id: string;
  kind: string;
  last: number;
}

export interface SparePartTable {
  tenant_id: string;
  part_number: string;
  part_category: string;
  name: string;
  name_zh: string | null;
  unit_cost_minor: number;
  currency: string;
  supplier_party_id: string | null;
  lead_time_days: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StandardTimeTable {
  tenant_id: string;
  product_model: string;
  operation: string;
  part_category: string | null;
  name: string;
  name_zh: string | null;
  minutes: number;
}

export type LocationKind = 'warehouse' | 'distributor' | 'consignment' | 'van';

export interface StockLocationTable {
  tenant_id: string;
  location_id: string;
  key: string;
  name: string;
  name_zh: string | null;
  kind: LocationKind;
  holder_party_id: string;
  owner_party_id: string;
  created_at: Timestamp;
}

export interface StockLevelTable {
  tenant_id: string;
  location_id: string;
  part_number: string;
  on_hand: number;
  reserved: number;
}

export interface StockMovementTable {
  tenant_id: string;
  movement_id: string;
  location_id: string;
  part_number: string;
  kind: 'receipt' | 'consumption' | 'transfer_out' | 'transfer_in' | 'adjustment';
  quantity: number;
  repair_id: string | null;
  transfer_id: string | null;
  note: string | null;
  occurred_at: Timestamp;
  user_id: string | null;
}

export interface RepairTable {
  tenant_id: string;
  repair_id: string;
  number: string;
  case_id: string;
  unit_id: string;
  service_party_id: string | null;
  state: 'open' | 'completed' | 'cancelled';
  part_category: string | null;
  cause: string | null;
  decision: NullableJson<EntitlementDecision>;
  repeat: NullableJson<RepeatFinding>;
  result: 'fixed' | 'not_fixed' | 'replaced_unit' | null;
  result_note: string | null;
  opened_at: Timestamp;
  completed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface RepairPartTable {
  tenant_id: string;
  repair_id: string;
  line_id: string;
  part_number: string;
  quantity: number;
  location_id: string;
  state: 'reserved' | 'consumed' | 'released';
  serial_out: string | null;
  serial_in: string | null;
  unit_cost_minor: number;
  currency: string;
  reserved_at: Timestamp;
  settled_at: Timestamp | null;
}

export interface RepairLaborTable {
  tenant_id: string;
  repair_id: string;
  line_id: string;
  operation: string;
  standard_minutes: number | null;
  actual_minutes: number;
}

export interface RepairVisitTable {
  tenant_id: string;
  repair_id: string;
  visit_id: string;
  arrived_at: Timestamp;
  left_at: Timestamp | null;
  distance_km: number;
  customer_signed: boolean;
  note: string | null;
  user_id: string | null;
}

export interface UnitPartChangeTable {
  tenant_id: string;
  change_id: string;
  unit_id: string;
  repair_id: string;
  part_category: string;
  part_number: string;
  serial_out: string | null;
  serial_in: string | null;
  changed_at: Timestamp;
}

export type ReturnState = 'requested' | 'approved' | 'rejected' | 'shipped' | 'received' | 'closed';

export interface ReturnTable {
  tenant_id: string;
  return_id: string;
  number: string;
  case_id: string;
  unit_id: string;
  customer_party_id: string;
  reason: 'no_reason' | 'performance_fault' | 'other';
  conditions: Json;
  requested_at: Timestamp;
  decide_by: Timestamp | null;
  terms_check: Json<ReturnCheck>;
  state: ReturnState;
  decision_ref: string | null;
  decision_note: string | null;
  decided_at: Timestamp | null;
  carrier: string | null;
  waybill: string | null;
  shipped_at: Timestamp | null;
  received_at: Timestamp | null;
  inspection: NullableJson;
  disposition: 'repair' | 'replace' | 'refund' | 'reject' | null;
  disposition_ref: string | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface WarrantyClaimTable {
  tenant_id: string;
  claim_id: string;
  number: string;
  repair_id: string;
  case_id: string;
  partner_party_id: string;
  state: 'approved' | 'partly_approved' | 'rejected' | 'paid';
  revision: number;
  submitted_at: Timestamp;
  lines: Json;
  evidence: Json;
  decision: Json<ClaimDecision>;
  claimed_minor: number;
  approved_minor: number;
  currency: string;
  answer: string | null;
  pay_by: CalendarDate | null;
  paid_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface RecoveryClaimTable {
  tenant_id: string;
  recovery_id: string;
  number: string;
  case_id: string;
  repair_id: string;
  supplier_party_id: string;
  agreement_id: string;
  agreement_version: number;
  cites: string[];
  part_number: string | null;
  serial: string | null;
  amount_minor: number;
  currency: string;
  report_by: CalendarDate | null;
  evidence: Json;
  state: 'prepared' | 'sent' | 'credited' | 'rejected';
  credited_minor: number | null;
  reference: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DefectiveReturnTable {
  tenant_id: string;
  defective_id: string;
  repair_id: string;
  case_id: string;
  part_number: string;
  serial: string | null;
  holder_party_id: string;
  to_location_id: string | null;
  due_on: CalendarDate;
  agreement_id: string | null;
  ref: string | null;
  state: 'pending' | 'shipped' | 'received';
  carrier: string | null;
  waybill: string | null;
  shipped_at: Timestamp | null;
  received_at: Timestamp | null;
  created_at: Timestamp;
}

export type CostKind =
  | 'parts'
  | 'labor'
  | 'travel'
  | 'shipping'
  | 'replacement'
  | 'refund'
  | 'credit'
  | 'goodwill';

export interface CostLineTable {
  tenant_id: string;
  line_id: string;
  kind: CostKind;
  amount_minor: number;
  currency: string;
  case_id: string | null;
  source_type: string;
  source_id: string | null;
  bearer_party_id: string;
  payee_party_id: string | null;
  ref: string | null;
  agreement_id: string | null;
  agreement_version: number | null;
  description: string;
  occurred_on: CalendarDate;
  reverses_line_id: string | null;
  created_at: Timestamp;
  /** Migration 0043: the `cost.lines_written` entry that recorded the line (none before those entries). */
  evidence_seq: number | null;
}

/** Migration 0008: a return's approval deadline or a defective part's return deadline, as a clock. */
export type DeadlineKind = 'return_approval' | 'defective_return' | 'supplier_response' | 'cure_period';

export interface DeadlineClockTable {
  tenant_id: string;
  kind: DeadlineKind;
  subject_id: string;
  /** Migration 0027: a supplier request's or a notice's clock may belong to no case. */
  case_id: string | null;
  /** The return's number or the part number, for messages. */
  label: string;
  /** Who must act before the deadline. */
  party_id: string | null;
  agreement_id: string | null;
  ref: string | null;
  started_at: Timestamp;
  warn_at: Timestamp;
  due_at: Timestamp;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  stopped_at: Timestamp | null;
  stopped_by: string | null;
  next_check_at: Timestamp | null;
}

export interface OperationsTables {
  deadline_clocks: DeadlineClockTable;
  document_counters: DocumentCounterTable;
  spare_parts: SparePartTable;
  standard_times: StandardTimeTable;
  stock_locations: StockLocationTable;
  stock_levels: StockLevelTable;
  stock_movements: StockMovementTable;
  repairs: RepairTable;
  repair_parts: RepairPartTable;
  repair_labor: RepairLaborTable;
  repair_visits: RepairVisitTable;
  unit_part_changes: UnitPartChangeTable;
  returns: ReturnTable;
  warranty_claims: WarrantyClaimTable;
  recovery_claims: RecoveryClaimTable;
  defective_returns: DefectiveReturnTable;
  cost_lines: CostLineTable;
}

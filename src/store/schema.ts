import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CalendarSpec, OfficialYearSpec } from '../domain/calendar/index.ts';
import type { MessageVisibility } from '../domain/case/index.ts';
import type { PartyRole, UserRole } from '../domain/party/index.ts';
import type { Agreement, EntitlementDecision } from '../domain/terms/index.ts';
import type { CounterpartyTables } from './schema-counterparty.ts';
import type { DisputeTables } from './schema-disputes.ts';
import type { KnowledgeTables } from './schema-knowledge.ts';
import type { MailInTables } from './schema-mail-in.ts';
import type { OperationsTables } from './schema-operations.ts';
import type { PrivacyTables } from './schema-privacy.ts';
import type { RepairShopTables } from './schema-repair-shops.ts';
import type { ReviewTables } from './schema-review.ts';
import type { TelemetryTables } from './schema-telemetry.ts';
import type { TroubleshootingTables } from './schema-troubleshooting.ts';

/** `timestamptz` reads as a Date and accepts a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** `date` reads as `YYYY-MM-DD` (the type parser is set in database.ts). */
type CalendarDate = ColumnType<string, string, string>;

export interface TenantTable {
  tenant_id: string;
  slug: string;
  name: string;
  home_party_id: string | null;
  created_at: Timestamp;
}

export interface PartyTable {
  tenant_id: string;
  party_id: string;
  key: string;
  name: string;
  name_zh: string | null;
  roles: PartyRole[];
  country: string | null;
  email: string | null;
  phone: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  tenant_id: string;
  user_id: string;
  party_id: string;
  email: string;
  name: string;
  role: UserRole;
  locale: 'en' | 'zh';
  password_hash: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  tenant_id: string;
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  session_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  tenant_id: string;
  token_id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SignInAttemptTable {
  attempt_id: Generated<string>;
  tenant_id: string | null;
  email: string;
  client: string;
  succeeded: boolean;
  attempted_at: Timestamp;
}

export interface AttemptLimitTable {
  tenant_id: ColumnType<string | null, string | null | undefined, never>;
  scope:
    | 'sign_in_email'
    | 'sign_in_client'
    | 'sign_up_client'
    | 'shop_registration_client'
    | 'price_list_client';
  subject: string;
  window_started_at: Timestamp;
  attempts: number;
}

export interface ProductTable {
  tenant_id: string;
  product_id: string;
  model: string;
  name: string;
  name_zh: string | null;
  part_categories: string[];
  end_of_production: CalendarDate | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductPartTable {
  tenant_id: string;
  product_id: string;
  part_number: string;
  part_category: string;
  name: string;
  quantity: number;
}

export interface UnitTable {
  tenant_id: string;
  unit_id: string;
  serial: string;
  product_id: string;
  owner_party_id: string;
  seller_party_id: string | null;
  service_party_id: string | null;
  territory: string;
  sold_on: CalendarDate | null;
  delivered_on: CalendarDate | null;
  installed_on: CalendarDate | null;
  /** The site the unit stands at (issue 17); null until recorded. */
  site_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UnitMaintenanceTable {
  tenant_id: string;
  unit_id: string;
  performed_on: CalendarDate;
}

export interface UnitPartTable {
  tenant_id: string;
  unit_id: string;
  position: number;
  part_number: string;
  part_category: string;
  serial: string | null;
  supplier_party_id: string | null;
  delivered_on: CalendarDate | null;
}

export interface BlobTable {
  tenant_id: string;
  sha256: string;
  size: number;
  media_type: string;
  created_at: Timestamp;
}

/** The bytes of a file kept in the database (migration 0016): written after its parts, whole or not at all. */
export interface BlobContentTable {
  sha256: string;
  size: number;
  parts: number;
  stored_at: ColumnType<Date, Date | string | undefined, never>;
}

/** One part (at most 1 MiB) of a file's bytes, in order from 0. */
export interface BlobPartTable {
  sha256: string;
  part: number;
  bytes: Uint8Array;
}

export interface DocumentTable {
  tenant_id: string;
  document_id: string;
  kind: 'terms' | 'calendar' | 'claim';
  doc_key: string;
  version: number;
  title: string;
  source_name: string;
  source_sha256: string;
  media_type: string;
  loaded_at: Timestamp;
}

export interface TimelineHeadTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface TimelineEntryTable {
  tenant_id: string;
  seq: number;
  entry_type: string;
  subject_type: string;
  subject_id: string;
  recorded_at: Timestamp;
  /** The header the hash covers; until the sequencer chains the entry, its draft without seq and prevHash. */
  material: string;
  payload: string;
  /** Empty until the sequencer chains the entry (migration 0045). */
  prev_hash: string | null;
  hash: string | null;
}

export interface TimelineCheckpointTable {
  tenant_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  key_id: string;
  public_key: string;
  signature: string;
}

/** The Merkle log of a tenant's evidence: how far it is integrated, and who sequences it (migration 0014). */
export interface EvidenceLogTable {
  tenant_id: string;
  tree_size: ColumnType<number, number, number>;
  root_hash: string;
  lease_holder: string | null;
  lease_expires_at: Timestamp | null;
}

/** The hash of one perfect subtree of a tenant's log: `level` L, `idx` i covers entries [i·2^L, (i+1)·2^L). */
export interface EvidenceLogNodeTable {
  tenant_id: string;
  level: number;
  idx: ColumnType<number, number, number>;
  hash: string;
}

/** A signed tree head: the log at a size, signed with Ed25519, with its RFC 3161 timestamp token. */
export interface EvidenceTreeHeadTable {
  tenant_id: string;
  tree_size: ColumnType<number, number, number>;
  root_hash: string;
  signed_at: string;
  key_fingerprint: string;
  public_key: string;
  signature: string;
  timestamp_token: string | null;
}

/** One version of a business calendar; never changed (a trigger refuses updates and deletes). */
export interface CalendarVersionTable {
  tenant_id: string;
  calendar_key: string;
  version: number;
  name: string;
  timezone: string;
  official: string | null;
  /** The domain CalendarSpec: jsonb, read as an object, written as JSON text. */
  spec: ColumnType<CalendarSpec, string, never>;
  document_id: string;
  source_name: string;
  source_sha256: string;
  created_at: Timestamp;
}

/** A year of an official holiday schedule a tenant loaded as data; never changed (a trigger refuses it). */
export interface OfficialHolidayYearTable {
  tenant_id: string;
  code: string;
  year: number;
  source: string;
  /** `YYYY-MM-DD`. */
  published: string;
  /** The domain OfficialYearSpec: jsonb, read as an object, written as JSON text. */
  spec: ColumnType<OfficialYearSpec, string, never>;
  source_name: string;
  source_sha256: string;
  loaded_at: Timestamp;
  loaded_by: string | null;
}

/** One version of an agreement (terms file); never changed (a trigger refuses updates and deletes). */
export interface AgreementVersionTable {
  tenant_id: string;
  agreement_key: string;
  version: number;
  version_id: string;
  supersedes: number | null;
  kind: string;
  title: string;
  provider_key: string;
  recipient_key: string;
  effective_from: CalendarDate;
  effective_to: CalendarDate | null;
  /** The validated domain Agreement: jsonb, read as an object, written as JSON text. */
  content: ColumnType<Agreement, string, never>;
  source_name: string;
  source_sha256: string;
  media_type: string;
  imported_at: Timestamp;
  imported_by: string | null;
}

export interface CaseCounterTable {
  tenant_id: string;
  last: number;
}

export interface CaseTable {
  tenant_id: string;
  case_id: string;
  number: string;
  /** Migration 0024: what customers and partners see and quote instead of the sequential number. */
  public_ref: ColumnType<string, string | undefined, never>;
  kind: 'inquiry' | 'repair' | 'field_visit' | 'return' | 'complaint' | 'maintenance';
  severity: 'critical' | 'high' | 'normal' | 'low';
  state: 'new' | 'in_progress' | 'waiting_on_customer' | 'resolved' | 'closed';
  customer_party_id: string;
  unit_id: string | null;
  /** The party that sold the unit (a distributor sees and works the cases of units it sold). */
  seller_party_id: string | null;
  description: string;
  channel: string;
  site_not_accessible: boolean;
  safety_issue: Generated<boolean>;
  threats: Generated<string[]>;
  failure: ColumnType<{ partCategory: string; cause: string } | null, string | null, string | null>;
  assigned_user_id: string | null;
  service_party_id: string | null;
  decision: ColumnType<EntitlementDecision | null, string | null, string | null>;
  opened_at: Timestamp;
  opened_by_user_id: string | null;
  updated_at: Timestamp;
  /** When a diagnosis confirmed the failure: only then does it count as a failure of the unit. */
  failure_confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The case this one was merged into (a duplicate request); it is closed. */
  merged_into_case_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Kept by a trigger on case_clocks (migration 0015): the nearest running deadline, 9999-12-31 when none. */
  risk_due_at: ColumnType<number, never, never>;
  /** The calendar (`key@version`) of that nearest clock; null for a wall-clock one or none. */
  risk_calendar: ColumnType<string | null, never, never>;
  /** A clock of the case was recorded breached. */
  has_breach: ColumnType<boolean, never, never>;
  /** Migration 0025: the search document (tsvector), written by the use cases through SQL only. */
  search_doc: ColumnType<string | null, never, never>;
  /** Migration 0031: the service side's newest public reply, and the customer's newest message. */
  last_reply_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_customer_message_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Migration 0031: when a user last read a case (what "unread" on a list compares with). */
export interface CaseReadTable {
  tenant_id: string;
  user_id: string;
  case_id: string;
  read_at: Timestamp;
}

/** Migration 0031: the tenant's saved answers, inserted into a reply by staff. */
export interface CannedReplyTable {
  tenant_id: string;
  reply_id: string;
  title: string;
  language: 'en' | 'zh';
  body: string;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Migration 0015: ended clocks per UTC day, side and owed-by (kept by a trigger). */
export interface SlaDailyTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  side: 'promise' | 'commitment';
  owed_by: string;
  met: number;
  breached: number;
}

/** Migration 0015: a unit's confirmed failures and whether two fell within 90 days (kept by a trigger). */
export interface UnitFailureTable {
  tenant_id: string;
  unit_id: string;
  product_id: string;
  failures: number;
  repeated: boolean;
}

/** Migration 0015: cost lines per day, product, bearer and currency (kept by a trigger). */
export interface CostDailyTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  product_id: string | null;
  bearer_party_id: string;
  currency: string;
  amount_minor: ColumnType<string, string, string>;
  lines: number;
}

/**
 * Migration 0044: per product and sale day, the units sold that day and the confirmed failures of
 * those units (the opening's batch failure rate; kept by triggers on cases and units).
 */
export interface BatchDailyTable {
  tenant_id: string;
  product_id: string;
  sold_on: ColumnType<string, string, string>;
  units: number;
  failures: number;
}

export interface CaseClockTable {
  tenant_id: string;
  case_id: string;
  clock_id: string;
  side: 'promise' | 'commitment';
  agreement_id: string;
  agreement_version: number;
  owed_by: string;
  ref: string | null;
  target: 'response' | 'onsite' | 'resolution';
  duration: string;
  clock_type: 'business' | 'calendar';
  calendar_key: string | null;
  calendar_version: number | null;
  pause_while: string[];
  target_seconds: number;
  started_at: number;
  pauses: ColumnType<{ from: number; to: number | null }[], string, string>;
  stopped_at: number | null;
  due_at: number | null;
  status: 'running' | 'paused' | 'met' | 'breached';
  warned_at: Generated<number | null>;
  breach_recorded_at: Generated<number | null>;
  next_check_at: Generated<number | null>;
}

export interface EscalationTable {
  tenant_id: string;
  escalation_id: string;
  case_id: string;
  level: 'supervisor' | 'management' | 'legal';
  trigger: ColumnType<Record<string, unknown>, string, string>;
  agreement_id: string;
  agreement_version: number;
  ref: string | null;
  act_within: string | null;
  act_by: Timestamp | null;
  state: 'open' | 'acknowledged' | 'resolved';
  raised_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface OutboxTable {
  tenant_id: string;
  message_id: string;
  kind: string;
  recipient_party_id: string | null;
  recipient_role: string | null;
  subject_en: string;
  subject_zh: string;
  payload: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The case the notification is about (0013); older rows name it in their payload. */
  case_id?: string | null;
  /** One recipient user, when the writer names one (0013). */
  recipient_user_id?: string | null;
  /** Set when a bounce (DSN) answered this message (migration 0012). */
  bounced_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  bounce_mail_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

export interface MailDeliveryTable {
  tenant_id: string;
  delivery_id: string;
  outbox_message_id: string;
  kind: string;
  case_id: string | null;
  user_id: string;
  address: string;
  locale: 'en' | 'zh';
  message_id_header: string;
  state: DeliveryState;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sending_since: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  sha256: string | null;
  created_at: Timestamp;
}

export interface NotificationPreferenceTable {
  tenant_id: string;
  user_id: string;
  kind: string;
  channel: 'email' | 'none';
  updated_at: Timestamp;
}

export interface WebhookSubscriptionTable {
  tenant_id: string;
  subscription_id: string;
  url: string;
  secret: string;
  kinds: ColumnType<unknown, string, string>;
  description: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveryTable {
  tenant_id: string;
  delivery_id: string;
  subscription_id: string;
  outbox_message_id: string;
  kind: string;
  body: string;
  state: DeliveryState;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sending_since: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface CaseMessageTable {
  tenant_id: string;
  case_id: string;
  message_id: string;
  direction: 'in' | 'out';
  /** `public` for everyone on the case; `internal` shared with the partner; `brand` the brand's staff only. */
  visibility: MessageVisibility;
  body: string;
  author_user_id: string | null;
  channel: string;
  evidence_seq: number;
  created_at: Timestamp;
}

export interface CasePartnerResponseTable {
  tenant_id: string;
  case_id: string;
  response_id: string;
  party_id: string;
  decision: 'accepted' | 'declined';
  reason: string | null;
  user_id: string;
  evidence_seq: number;
  created_at: Timestamp;
}

export interface VisitReportTable {
  tenant_id: string;
  case_id: string;
  report_id: string;
  party_id: string;
  arrived_at: Timestamp;
  departed_at: Timestamp | null;
  work_done: string;
  parts_used: ColumnType<{ partNumber: string; quantity: number; serial?: string }[], string, string>;
  signed_by: string;
  signature_sha256: string;
  photos: ColumnType<{ name: string; mediaType: string; sha256: string; size: number }[], string, string>;
  author_user_id: string;
  evidence_seq: number;
  created_at: Timestamp;
}

export interface UnitRegistrationTable {
  tenant_id: string;
  registration_id: string;
  unit_id: string;
  party_id: string;
  purchased_on: CalendarDate;
  proof_sha256: string;
  proof_name: string;
  user_id: string;
  evidence_seq: number;
  created_at: Timestamp;
}

export interface Database
  extends OperationsTables,
    MailInTables,
    TelemetryTables,
    KnowledgeTables,
    TroubleshootingTables,
    ReviewTables,
    PrivacyTables,
    DisputeTables,
    CounterpartyTables,
    RepairShopTables,
    ContractTables {
  tenants: TenantTable;
  parties: PartyTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  sign_in_attempts: SignInAttemptTable;
  attempt_limits: AttemptLimitTable;
  products: ProductTable;
  product_parts: ProductPartTable;
  units: UnitTable;
  unit_maintenance: UnitMaintenanceTable;
  unit_parts: UnitPartTable;
  blobs: BlobTable;
  blob_contents: BlobContentTable;
  blob_parts: BlobPartTable;
  documents: DocumentTable;
  agreement_versions: AgreementVersionTable;
  calendar_versions: CalendarVersionTable;
  official_holiday_years: OfficialHolidayYearTable;
  timeline_heads: TimelineHeadTable;
  timeline_entries: TimelineEntryTable;
  timeline_checkpoints: TimelineCheckpointTable;
  evidence_logs: EvidenceLogTable;
  evidence_log_nodes: EvidenceLogNodeTable;
  evidence_tree_heads: EvidenceTreeHeadTable;
  case_counters: CaseCounterTable;
  cases: CaseTable;
  case_clocks: CaseClockTable;
  case_messages: CaseMessageTable;
  case_reads: CaseReadTable;
  canned_replies: CannedReplyTable;
  escalations: EscalationTable;
  outbox: OutboxTable;
  mail_deliveries: MailDeliveryTable;
  notification_preferences: NotificationPreferenceTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  case_partner_responses: CasePartnerResponseTable;
  visit_reports: VisitReportTable;
  unit_registrations: UnitRegistrationTable;
  sla_daily: SlaDailyTable;
  unit_failures: UnitFailureTable;
  cost_daily: CostDailyTable;
  batch_daily: BatchDailyTable;
  sites: SiteTable;
  technicians: TechnicianTable;
  appointments: AppointmentTable;
  work_orders: WorkOrderTable;
  maintenance_plans: MaintenancePlanTable;
}

export interface SiteTable {
  tenant_id: string;
  site_id: string;
  customer_party_id: string;
  name: string;
  address_zh: string;
  address_en: string;
  district: string;
  territory: string;
  latitude: number;
  longitude: number;
  access_notes: string;
  opening_hours: string;
  contact_name: string;
  contact_phone: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TechnicianTable {
  tenant_id: string;
  technician_id: string;
  party_id: string;
  user_id: string | null;
  name: string;
  phone: string;
  home_latitude: number;
  home_longitude: number;
  territories: ColumnType<string[], string, string>;
  calendar_key: string;
  skills: ColumnType<{ product: string; part: string | null; expiresOn: string }[], string, string>;
  absences: ColumnType<{ from: string; to: string }[], string, string>;
  /** Retired: kept for the record, offered for nothing (migration 0037). */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppointmentTable {
  tenant_id: string;
  appointment_id: string;
  case_id: string;
  technician_id: string;
  site_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  state: 'booked' | 'no_show' | 'done' | 'cancelled';
  chosen_by: 'customer' | 'dispatcher';
  reschedules: Generated<number>;
  reminded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WorkOrderTable {
  tenant_id: string;
  work_order_id: string;
  unit_id: string;
  kind: 'installation' | 'maintenance';
  state: 'open' | 'completed';
  technician_id: string | null;
  checklist: ColumnType<{ item: string; done: boolean }[], string, string>;
  commissioning: ColumnType<Record<string, number>, string, string>;
  signed_by: string | null;
  signature_sha256: string | null;
  completed_on: CalendarDate | null;
  evidence_seq: ColumnType<number | null, number | null, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MaintenancePlanTable {
  tenant_id: string;
  unit_id: string;
  ref: string;
  agreement_id: string;
  agreement_version: number;
  every: string;
  grace: string | null;
  next_due_on: CalendarDate;
  suspends_after: CalendarDate;
  reminded_for: CalendarDate | null;
  warned_for: CalendarDate | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The maintenance visit opened for the plan ahead of its due day, and the due day it is for. */
  visit_case_id: string | null;
  visit_for: CalendarDate | null;
}

export type PartyRow = Selectable<PartyTable>;
export type UserRow = Selectable<UserTable>;
export type ProductRow = Selectable<ProductTable>;
export type UnitRow = Selectable<UnitTable>;
export type NewUnitRow = Insertable<UnitTable>;
export type DocumentRow = Selectable<DocumentTable>;

/**
 * A jsonb value as the driver hands it over: parsed already (pg parses jsonb), or its text where
 * a path gives text back. Typed by its column, read in one place.
 */
export function readJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

type Minor = ColumnType<string, string | number, string | number>;

/** Issue 18: plans for sale, contracts sold to units, prices, quotes, invoices, exchanges (0029). */
export interface ContractTables {
  service_plans: {
    tenant_id: string;
    plan_key: string;
    agreement_key: string;
    product_model: string;
    term_months: number;
    price_minor: Minor;
    currency: string;
    incidents: number | null;
    refund_rule: 'pro_rata' | 'none';
    name: string;
    name_zh: string;
    created_at: Timestamp;
  };
  unit_contracts: {
    tenant_id: string;
    contract_id: string;
    number: string;
    unit_id: string;
    agreement_key: string;
    plan_key: string | null;
    starts_on: CalendarDate;
    ends_on: CalendarDate;
    price_minor: Minor;
    currency: string;
    service_level: string | null;
    channel: 'agent' | 'distributor' | 'portal' | 'import';
    sold_by_party_id: string;
    incidents_allowed: number | null;
    incidents_used: ColumnType<number, number | undefined, number>;
    state: 'active' | 'cancelled';
    cancelled_on: CalendarDate | null;
    refund_minor: Minor | null;
    remind_at: Timestamp | null;
    reminded_at: Timestamp | null;
    created_at: Timestamp;
  };
  price_list: {
    tenant_id: string;
    item_key: string;
    kind: 'part' | 'labor' | 'travel';
    name: string;
    name_zh: string;
    per: 'piece' | 'hour' | 'km' | 'visit';
    price_minor: Minor;
    currency: string;
    tax_rate_percent: number;
  };
  quotes: {
    tenant_id: string;
    quote_id: string;
    number: string;
    case_id: string;
    customer_party_id: string;
    state: 'sent' | 'accepted' | 'declined';
    currency: string;
    lines: ColumnType<unknown, string, string>;
    net_minor: Minor;
    tax_minor: Minor;
    total_minor: Minor;
    blocks_work: boolean;
    block_ref: string | null;
    sent_at: Timestamp;
    decided_at: Timestamp | null;
    decided_by_user_id: string | null;
    decline_reason: string | null;
  };
  invoices: {
    tenant_id: string;
    invoice_id: string;
    number: string;
    case_id: string | null;
    quote_id: string | null;
    customer_party_id: string;
    currency: string;
    lines: ColumnType<unknown, string, string>;
    by_rate: ColumnType<unknown, string, string>;
    net_minor: Minor;
    tax_minor: Minor;
    total_minor: Minor;
    paid_minor: ColumnType<string, string | number | undefined, string | number>;
    fapiao: ColumnType<unknown, string, string>;
    issued_on: CalendarDate;
    created_at: Timestamp;
  };
  invoice_payments: {
    tenant_id: string;
    payment_id: string;
    invoice_id: string;
    kind: 'payment' | 'refund';
    amount_minor: Minor;
    method: string;
    reference: string;
    received_on: CalendarDate;
    created_at: Timestamp;
  };
  unit_replacements: {
    tenant_id: string;
    old_unit_id: string;
    new_unit_id: string;
    kind: 'sanbao' | 'advance_exchange' | 'after_receipt';
    warranty: 'new' | 'continues';
    case_id: string | null;
    replaced_on: CalendarDate;
    carrier: string | null;
    waybill: string | null;
    created_at: Timestamp;
  };
  unit_loans: {
    tenant_id: string;
    loan_id: string;
    loaner_unit_id: string;
    case_id: string;
    customer_party_id: string;
    lent_on: CalendarDate;
    due_back_on: CalendarDate;
    returned_on: CalendarDate | null;
    condition_note: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
}

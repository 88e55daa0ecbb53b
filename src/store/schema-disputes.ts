import type { ColumnType } from 'kysely';

/** Tables of migration 0027: supplier requests, notices, dispute matters (issue 16). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type NullableJson<T = unknown> = ColumnType<T | null, string | null, string | null>;

export interface SupplierRequestTable {
  tenant_id: string;
  request_id: string;
  number: string;
  supplier_party_id: string;
  agreement_id: string;
  agreement_version: number;
  case_id: string | null;
  subject: string;
  state: 'awaiting_supplier' | 'answered' | 'closed';
  opened_by: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

export interface SupplierRequestMessageTable {
  tenant_id: string;
  message_id: string;
  request_id: string;
  direction: 'to_supplier' | 'from_supplier';
  author_user_id: string | null;
  body: string;
  blobs: string[];
  sent_at: Timestamp;
  answered_at: Timestamp | null;
}

export interface NoticeTable {
  tenant_id: string;
  notice_id: string;
  number: string;
  kind: 'breach' | 'complaint';
  to_party_id: string;
  agreement_id: string;
  agreement_version: number;
  content: Json;
  cure_period: string;
  cure_period_ref: string | null;
  state: 'draft' | 'sent' | 'answered' | 'cure_expired';
  delivery: NullableJson;
  sent_at: Timestamp | null;
  cure_due_at: Timestamp | null;
  answer: NullableJson;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DisputeMatterTable {
  tenant_id: string;
  matter_id: string;
  number: string;
  title: string;
  counterparty_party_id: string;
  agreement_id: string;
  agreement_version: number;
  clause: Json;
  stage: 'negotiation' | 'mediation' | 'arbitration' | 'litigation' | 'settled' | 'closed';
  stage_since: Timestamp;
  deadlines: Json;
  currency: string;
  claimed_minor: number | null;
  claim: NullableJson;
  offered_minor: number | null;
  agreed_minor: number | null;
  recovered_minor: number;
  settlement: NullableJson;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

export interface MatterLinkTable {
  tenant_id: string;
  matter_id: string;
  link_type: 'case' | 'notice' | 'supplier_request' | 'cost_line';
  link_id: string;
}

export interface DisputeTables {
  supplier_requests: SupplierRequestTable;
  supplier_request_messages: SupplierRequestMessageTable;
  notices: NoticeTable;
  dispute_matters: DisputeMatterTable;
  matter_links: MatterLinkTable;
}

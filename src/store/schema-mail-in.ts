import type { ColumnType } from 'kysely';

/** Tables of migration 0012: e-mail in. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface MailInboundTable {
  tenant_id: string;
  mail_id: string;
  message_key: string;
  via: 'smtp' | 'imap';
  from_address: string | null;
  subject: string;
  received_at: Timestamp;
  raw_sha256: string | null;
  outcome: string;
  reason: string | null;
  case_id: string | null;
  evidence_seq: ColumnType<number | null, number | null, number | null>;
  authentication: Json;
  triage_state: 'open' | 'assigned' | 'discarded' | null;
  triaged_by_user_id: string | null;
  triaged_at: Timestamp | null;
}

export interface MailBouncedAddressTable {
  tenant_id: string;
  address: string;
  bounced_at: Timestamp;
  status: string | null;
  mail_id: string;
}

export interface MailInTables {
  mail_inbound: MailInboundTable;
  mail_bounced_addresses: MailBouncedAddressTable;
}

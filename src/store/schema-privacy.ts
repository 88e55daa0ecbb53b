import type { ColumnType } from 'kysely';

/** Tables of migration 0024: personal data. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ConsentPurpose = 'service' | 'marketing' | 'cross_border_transfer' | 'telemetry';

export interface PersonalDataConsentTable {
  tenant_id: string;
  consent_id: string;
  party_id: string;
  user_id: string | null;
  purpose: ConsentPurpose;
  state: 'given' | 'withdrawn';
  recorded_at: Timestamp;
  recorded_by_user_id: string | null;
  evidence_seq: ColumnType<number, number, number>;
}

export interface PersonalDataReadTable {
  tenant_id: string;
  read_id: string;
  party_id: string;
  reader_user_id: string;
  what: 'case' | 'party' | 'export';
  subject_id: string;
  read_at: Timestamp;
}

export interface PersonalDataErasureTable {
  tenant_id: string;
  erasure_id: string;
  party_id: string;
  request_ref: string;
  reason: string;
  fields: string[];
  evidence_seq: ColumnType<number, number, number>;
  erased_by_user_id: string | null;
  erased_at: Timestamp;
}

export interface EvidencePersonalSaltTable {
  tenant_id: string;
  seq: ColumnType<number, number, number>;
  field: string;
  salt: string;
  party_id: string;
}

export interface EvidenceRedactionTable {
  tenant_id: string;
  seq: ColumnType<number, number, number>;
  redaction_seq: ColumnType<number, number, number>;
  payload_sha256: string;
}

export interface PrivacyTables {
  personal_data_consents: PersonalDataConsentTable;
  personal_data_reads: PersonalDataReadTable;
  personal_data_erasures: PersonalDataErasureTable;
  evidence_personal_salts: EvidencePersonalSaltTable;
  evidence_redactions: EvidenceRedactionTable;
}

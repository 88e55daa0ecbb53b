// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Personal data (issue 12): consents, the log of who read a person's data, erasures, the salts
 * that let an entry commit to a personal value by a salted hash, and redactions of entries'
 * payloads. Also a case's public reference, shown to customers and partners instead of the
 * sequential internal number (which tells a customer how many cases the brand has).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- 12 hex digits (48 bits) from a random UUID: not guessable from another case, not a count.
    ALTER TABLE cases ADD COLUMN public_ref text;
    UPDATE cases SET public_ref =
      'R-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4)) || '-' ||
      upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4)) || '-' ||
      upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4));
    ALTER TABLE cases ALTER COLUMN public_ref SET DEFAULT (
      'R-' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4)) || '-' ||
      upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4)) || '-' ||
      upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4)));
    ALTER TABLE cases ALTER COLUMN public_ref SET NOT NULL;
    CREATE UNIQUE INDEX cases_by_public_ref ON cases (tenant_id, public_ref);

    CREATE TABLE personal_data_consents (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      consent_id uuid NOT NULL,
      party_id uuid NOT NULL,
      user_id uuid,
      purpose text NOT NULL CHECK (purpose IN ('service', 'marketing', 'cross_border_transfer', 'telemetry')),
      state text NOT NULL CHECK (state IN ('given', 'withdrawn')),
      recorded_at timestamptz NOT NULL,
      recorded_by_user_id uuid,
      evidence_seq bigint NOT NULL,
      PRIMARY KEY (tenant_id, consent_id)
    );
    CREATE INDEX consents_by_party ON personal_data_consents (tenant_id, party_id, recorded_at);

    -- Who read whose data: written beside the read, listed by the person (index-backed).
    CREATE TABLE personal_data_reads (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      read_id uuid NOT NULL,
      party_id uuid NOT NULL,
      reader_user_id uuid NOT NULL,
      what text NOT NULL CHECK (what IN ('case', 'party', 'export')),
      subject_id text NOT NULL,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, read_id)
    );
    CREATE INDEX reads_by_party ON personal_data_reads (tenant_id, party_id, read_at);

    CREATE TABLE personal_data_erasures (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      erasure_id uuid NOT NULL,
      party_id uuid NOT NULL,
      request_ref text NOT NULL,
      reason text NOT NULL,
      fields text[] NOT NULL,
      evidence_seq bigint NOT NULL,
      erased_by_user_id uuid,
      erased_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, erasure_id)
    );
    CREATE INDEX erasures_by_party ON personal_data_erasures (tenant_id, party_id);

    -- An entry's personal field commits to SHA-256(salt || value); erasure deletes the salt.
    CREATE TABLE evidence_personal_salts (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      seq bigint NOT NULL,
      field text NOT NULL,
      salt text NOT NULL,
      party_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, seq, field)
    );
    CREATE INDEX personal_salts_by_party ON evidence_personal_salts (tenant_id, party_id);

    -- A payload replaced by its redacted form, and the later entry that records why. Append-only.
    CREATE TABLE evidence_redactions (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      seq bigint NOT NULL,
      redaction_seq bigint NOT NULL,
      payload_sha256 text NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE TRIGGER evidence_redactions_append_only BEFORE UPDATE OR DELETE ON evidence_redactions
      FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();

    -- Entries stay append-only, with one exception: the payload of an entry may be replaced by
    -- the text a redaction declared (by its SHA-256) in the same transaction. Nothing else changes.
    CREATE FUNCTION refuse_entry_change_but_redaction() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq AND NEW.material = OLD.material
        AND NEW.hash = OLD.hash AND NEW.prev_hash = OLD.prev_hash AND NEW.entry_type = OLD.entry_type
        AND NEW.subject_type = OLD.subject_type AND NEW.subject_id = OLD.subject_id
        AND NEW.recorded_at = OLD.recorded_at
        AND EXISTS (SELECT 1 FROM evidence_redactions r
                    WHERE r.tenant_id = NEW.tenant_id AND r.seq = NEW.seq
                      AND r.payload_sha256 = encode(sha256(convert_to(NEW.payload, 'UTF8')), 'hex'))
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'the evidence record is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    DROP TRIGGER timeline_entries_append_only ON timeline_entries;
    CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE OR DELETE ON timeline_entries
      FOR EACH ROW EXECUTE FUNCTION refuse_entry_change_but_redaction();
  `.execute(db);
}

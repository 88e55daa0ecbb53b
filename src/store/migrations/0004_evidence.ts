// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The head of each tenant's chain; appends lock this row, so sequence numbers are gapless.
    CREATE TABLE timeline_heads (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (tenant_id),
      seq bigint NOT NULL,
      hash text NOT NULL
    );

    CREATE TABLE timeline_entries (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      seq bigint NOT NULL,
      entry_type text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      recorded_at timestamptz NOT NULL,
      -- The canonical JSON (RFC 8785) the hash covers, kept byte for byte: the entry's header, with
      -- the payload by its SHA-256. The columns above are copies for queries, checked by verification.
      material text NOT NULL,
      -- The payload as canonical JSON, kept beside the header so a dossier can cite an entry's place
      -- in the chain without its content.
      payload text NOT NULL,
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE INDEX timeline_by_subject ON timeline_entries (tenant_id, subject_type, subject_id, seq);

    CREATE TABLE timeline_checkpoints (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      seq bigint NOT NULL,
      hash text NOT NULL,
      signed_at text NOT NULL,
      key_id text NOT NULL,
      public_key text NOT NULL,
      signature text NOT NULL,
      PRIMARY KEY (tenant_id, seq)
    );

    -- Entries and checkpoints are never changed or deleted, whatever code or role tries.
    CREATE FUNCTION refuse_evidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the evidence record is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER timeline_entries_append_only BEFORE UPDATE OR DELETE ON timeline_entries
      FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();
    CREATE TRIGGER timeline_entries_no_truncate BEFORE TRUNCATE ON timeline_entries
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
    CREATE TRIGGER timeline_checkpoints_append_only BEFORE UPDATE OR DELETE ON timeline_checkpoints
      FOR EACH ROW EXECUTE FUNCTION refuse_evidence_change();
    CREATE TRIGGER timeline_checkpoints_no_truncate BEFORE TRUNCATE ON timeline_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0004_evidence cannot be rolled back: the evidence record is append-only');
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
// (migrations.test.ts compares its SHA-256 with the one recorded in frozen.json.)
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One row per version of an agreement (terms file). A version is never changed: a change is a
    -- new version that supersedes it. The file as it was imported is a blob (source_sha256); the
    -- validated agreement is kept beside it (content) so decisions need not re-parse.
    -- supersedes names an earlier version number; that version may predate the system, so it is
    -- not a foreign key.
    CREATE TABLE agreement_versions (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      agreement_key text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      version_id uuid NOT NULL,
      supersedes integer CHECK (supersedes IS NULL OR (supersedes >= 1 AND supersedes < version)),
      kind text NOT NULL CHECK (kind IN ('warranty', 'service_contract', 'service_partner', 'distribution', 'supply')),
      title text NOT NULL,
      provider_key text NOT NULL,
      recipient_key text NOT NULL,
      effective_from date NOT NULL,
      effective_to date CHECK (effective_to IS NULL OR effective_to >= effective_from),
      content jsonb NOT NULL,
      source_name text NOT NULL,
      source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
      media_type text NOT NULL,
      imported_at timestamptz NOT NULL,
      imported_by uuid,
      PRIMARY KEY (tenant_id, agreement_key, version),
      UNIQUE (tenant_id, version_id),
      FOREIGN KEY (tenant_id, source_sha256) REFERENCES blobs (tenant_id, sha256)
    );
    CREATE INDEX agreement_versions_by_kind ON agreement_versions (tenant_id, kind, effective_from);

    CREATE FUNCTION agreement_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'agreement versions are never changed or deleted: import a new version';
    END
    $$;
    CREATE TRIGGER agreement_versions_immutable BEFORE UPDATE OR DELETE ON agreement_versions
      FOR EACH ROW EXECUTE FUNCTION agreement_versions_immutable();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0003_agreements cannot be rolled back: restore a backup instead');
}

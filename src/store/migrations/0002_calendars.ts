// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
// (migrations.test.ts compares its SHA-256 with the one recorded in frozen.json.)
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One row per version of a business calendar. A version is never changed: a new holiday is a
    -- new version. The file it came from is a document (documents, blobs) with the same version.
    CREATE TABLE calendar_versions (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      calendar_key text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      name text NOT NULL,
      timezone text NOT NULL,
      official text,
      -- The validated calendar (domain CalendarSpec), as the engine reads it.
      spec jsonb NOT NULL,
      document_id uuid NOT NULL,
      source_name text NOT NULL,
      source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, calendar_key, version),
      FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, document_id),
      FOREIGN KEY (tenant_id, source_sha256) REFERENCES blobs (tenant_id, sha256)
    );

    CREATE FUNCTION calendar_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'calendar versions are never changed or deleted: add a new version';
    END
    $$;
    CREATE TRIGGER calendar_versions_immutable BEFORE UPDATE OR DELETE ON calendar_versions
      FOR EACH ROW EXECUTE FUNCTION calendar_versions_immutable();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0002_calendars cannot be rolled back: restore a backup instead');
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
// (migrations.test.ts compares its SHA-256 with the one recorded in frozen.json.)
import { type Kysely, sql } from 'kysely';

/**
 * A year of an official holiday schedule a tenant loaded as data (the State Council's notice for
 * a year the built-in data does not hold yet). Calendars with `official: CN` use it for that year.
 * A loaded year is never changed: the deadlines computed with it rest on it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE official_holiday_years (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      code text NOT NULL,
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      -- The notice as the file names it, and when it was published.
      source text NOT NULL,
      published date NOT NULL,
      -- The validated schedule (domain OfficialYearSpec), as the engine reads it.
      spec jsonb NOT NULL,
      source_name text NOT NULL,
      source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
      loaded_at timestamptz NOT NULL,
      loaded_by uuid,
      PRIMARY KEY (tenant_id, code, year),
      FOREIGN KEY (tenant_id, source_sha256) REFERENCES blobs (tenant_id, sha256)
    );

    CREATE FUNCTION official_holiday_years_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a loaded official holiday year is never changed or deleted';
    END
    $$;
    CREATE TRIGGER official_holiday_years_immutable BEFORE UPDATE OR DELETE ON official_holiday_years
      FOR EACH ROW EXECUTE FUNCTION official_holiday_years_immutable();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0009_official_holiday_years cannot be rolled back: restore a backup instead');
}

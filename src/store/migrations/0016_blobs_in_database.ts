// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * File contents in the database, so that every server process on it reaches every file (the
 * folder DATA_DIR/blobs is one machine's). Content-addressed like the folder: one row per file,
 * keyed by the SHA-256 of its bytes, shared by the tenants that hold it (their `blobs` rows say
 * which); the bytes in parts of at most 1 MiB, so no statement carries a whole 30 MB upload.
 * The `blob_contents` row is written last, in the transaction of the parts: a file is there
 * whole or not at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE blob_contents (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL CHECK (size >= 0),
      parts integer NOT NULL CHECK (parts >= 0),
      stored_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE blob_parts (
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      part integer NOT NULL CHECK (part >= 0),
      bytes bytea NOT NULL,
      PRIMARY KEY (sha256, part)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error(
    '0016_blobs_in_database cannot be rolled back: move the files out with `servicebook blobs move --to folder` and restore a backup',
  );
}

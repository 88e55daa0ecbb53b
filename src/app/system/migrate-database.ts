import type { Kysely } from 'kysely';
import { type MigrationReport, migrateToLatest } from '../../store/migrate.ts';
import type { Database } from '../../store/schema.ts';

/** Brings the schema up to date; safe to run on every start and from several processes at once. */
export function migrateDatabase(db: Kysely<Database>): Promise<MigrationReport> {
  return migrateToLatest(db as unknown as Kysely<unknown>);
}

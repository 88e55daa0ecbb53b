import { type Kysely, Migrator } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';

function migratorFor(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

export interface MigrationReport {
  applied: string[];
}

/** Runs every migration not yet applied, in order, each in its own transaction. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationReport> {
  const { error, results } = await migratorFor(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Names of the migrations this code knows that the database has not run. */
export async function pendingMigrations(db: Kysely<unknown>): Promise<string[]> {
  const known = await migratorFor(db).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

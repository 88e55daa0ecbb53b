import type { Kysely } from 'kysely';
import { databaseReachable } from '../../store/database.ts';
import { pendingMigrations } from '../../store/migrate.ts';
import type { Database } from '../../store/schema.ts';

export interface Readiness {
  ready: boolean;
  database: 'reachable' | 'unreachable';
  pendingMigrations: string[];
}

/** Ready means: the database answers and has run every migration this code knows. */
export async function checkReadiness(db: Kysely<Database>): Promise<Readiness> {
  if (!(await databaseReachable(db))) return { ready: false, database: 'unreachable', pendingMigrations: [] };
  const pending = await pendingMigrations(db as unknown as Kysely<unknown>);
  return { ready: pending.length === 0, database: 'reachable', pendingMigrations: pending };
}

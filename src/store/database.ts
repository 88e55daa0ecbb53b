import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataFolder } from './folder-lock.ts';
import type { Database } from './schema.ts';

export { DataFolderBusy } from './folder-lock.ts';

// `date` columns are calendar dates, not instants: keep them as `YYYY-MM-DD` strings instead of
// letting node-postgres turn them into midnight in the server's local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// Counts and sizes are bigint; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: 'pglite' | 'postgres';
  /** Where the data is: the PGlite folder, or the PostgreSQL URL with the password hidden. */
  location: string;
  /** PGlite only: the whole data folder as a tarball, to start another database from (tests). */
  dumpImage?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string. Without one, PGlite runs embedded. */
  databaseUrl?: string | undefined;
  /** The PGlite data folder; `memory://` keeps everything in memory (tests). */
  pgliteDir?: string;
  /** Connections in the pool (PostgreSQL only; PGlite has exactly one). */
  poolSize?: number;
  /** What this process runs, named in the lock on a PGlite folder (`serve`, `token create`). */
  purpose?: string;
  /** PGlite only: start from this data folder tarball (from `dumpImage`) instead of an empty one. */
  pgliteImage?: Blob;
}

export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: describeUrl(options.databaseUrl), close: () => db.destroy() };
  }
  const dir = options.pgliteDir ?? 'memory://';
  let release = () => {};
  if (!dir.startsWith('memory://')) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // Throws DataFolderBusy when another process has the folder open.
    release = lockDataFolder(path.resolve(dir), options.purpose ?? 'open');
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir, options.pgliteImage ? { loadDataDir: options.pgliteImage } : {});
  } catch (error) {
    release();
    throw error;
  }
  // One PGlite backend is one session: the config sets the pool to a single connection, so
  // transactions from concurrent requests queue instead of interleaving.
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    location: dir,
    dumpImage: () => pglite.dumpDataDir('none'),
    close: async () => {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/** True when the database answers a trivial query. */
export async function databaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

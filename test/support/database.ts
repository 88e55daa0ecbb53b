import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppDeps } from '../../src/app/context.ts';
import { migrateDatabase } from '../../src/app/system/migrate-database.ts';
import { type DatabaseHandle, openDatabase } from '../../src/store/database.ts';
import { type DatabaseImage, databaseImages, testDeps } from './database-images.ts';

/**
 * Tests run on whichever engine CI chose: with DATABASE_URL, each test file gets a fresh database
 * on that PostgreSQL server, dropped afterwards; without it, a PGlite database in memory.
 */
export const ENGINE: 'postgres' | 'pglite' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  handle: DatabaseHandle;
  deps: AppDeps;
  /** For tests that start a server process of their own against the same database. */
  databaseUrl: string | undefined;
  dataDir: string;
  close(): Promise<void>;
}

/** Creates an empty PostgreSQL database next to the one in DATABASE_URL; returns its URL and a dropper. */
export async function createScratchPostgres(
  template?: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1) || 'servicebook'}_t${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      try {
        // Pools close their connections a moment after they say so; wait for them rather than
        // force them off (forcing sends their clients an error nobody is listening for any more).
        for (let attempt = 0; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS "${name}"${attempt >= 50 ? ' WITH (FORCE)' : ''}`);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}

export interface OpenTestDatabaseOptions {
  /** Keep PGlite on disk in `dataDir` instead of memory (for tests that restart a server on it). */
  onDisk?: boolean;
  /** Fix the clock; default is the real one. */
  now?: () => Date;
  migrate?: boolean;
  /**
   * Start from the run's demo image (migrated and seeded with ACME, see database-images.ts)
   * instead of migrating an empty database. Only with the real clock.
   */
  seeded?: boolean;
}

export async function openTestDatabase(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-test-'));
  const images = databaseImages();
  // An image holds the migrated schema; the migrations test wants an empty database.
  let image: DatabaseImage | undefined;
  if (options.seeded) image = images?.seeded;
  else if (options.migrate !== false) image = images?.migrated;
  if (options.seeded && !image) throw new Error('no demo image: run through vitest (globalSetup)');
  if (image) await fs.cp(image.dataDir, dataDir, { recursive: true });
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (ENGINE === 'postgres') {
    const scratch = await createScratchPostgres(image?.template);
    databaseUrl = scratch.url;
    drop = scratch.drop;
  }
  const pgliteImage = image?.pgliteFile ? new Blob([await fs.readFile(image.pgliteFile)]) : undefined;
  const handle = await openDatabase({
    databaseUrl,
    pgliteDir: options.onDisk ? path.join(dataDir, 'pglite') : 'memory://',
    poolSize: 4,
    ...(pgliteImage ? { pgliteImage } : {}),
  });
  if (!image && options.migrate !== false) await migrateDatabase(handle.db);
  const deps = testDeps(handle.db, dataDir, options.now);
  return {
    handle,
    deps,
    databaseUrl,
    dataDir,
    close: async () => {
      await handle.close();
      await drop?.();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

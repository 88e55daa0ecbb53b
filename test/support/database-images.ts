import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type AppDeps, DEFAULT_SETTINGS } from '../../src/app/context.ts';
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import { migrateDatabase } from '../../src/app/system/migrate-database.ts';
import { FolderBlobStore } from '../../src/store/blob-store.ts';
import { openDatabase } from '../../src/store/database.ts';
import { loadEvidenceSigner } from '../../src/store/signing-key.ts';

/**
 * vitest globalSetup: migrating a fresh database takes 3-6 s and seeding the ACME demo 3 s more,
 * and some 100 test files did both for themselves. Here they are done once per run, and kept as
 * images each test file starts from: a PGlite data folder tarball, or a PostgreSQL template
 * database (`CREATE DATABASE ... TEMPLATE`). What the demo wrote beside the database (the signing
 * key, the files) is copied from `dataDir`. The migrations test and tests with a fixed clock still
 * build their database from nothing.
 */
export interface DatabaseImage {
  /** PGlite: the data folder tarball. */
  pgliteFile?: string;
  /** PostgreSQL: the template database's name. */
  template?: string;
  /** What the database's writer kept beside it (keys, blobs), to copy into a test's own folder. */
  dataDir: string;
}

export interface DatabaseImages {
  migrated: DatabaseImage;
  seeded: DatabaseImage & { tenantId: string };
}

const IMAGES_ENV = 'SERVICEBOOK_TEST_IMAGES';

/** The images this run made, when the global setup ran (not when a test file runs on its own elsewhere). */
export function databaseImages(): DatabaseImages | undefined {
  const text = process.env[IMAGES_ENV];
  return text ? (JSON.parse(text) as DatabaseImages) : undefined;
}

function postgresUrl(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onPostgres(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** What a use case needs beside the database, kept in `dataDir` (files, the signing key) as a test sets it up. */
export function testDeps(db: AppDeps['db'], dataDir: string, now: () => Date = () => new Date()): AppDeps {
  return {
    db,
    blobs: new FolderBlobStore(path.join(dataDir, 'blobs')),
    now,
    newId: () => randomUUID(),
    evidenceSigner: loadEvidenceSigner({ dataDir }),
    settings: DEFAULT_SETTINGS,
  };
}

export default async function setup(): Promise<() => Promise<void>> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-images-'));
  const migratedDir = path.join(root, 'migrated');
  const seededDir = path.join(root, 'seeded');
  await fs.mkdir(migratedDir);
  await fs.mkdir(seededDir);
  const examples = path.resolve(import.meta.dirname, '../../examples');
  let images: DatabaseImages;
  let templates: string[] = [];

  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL).pathname.slice(1) || 'servicebook';
    const suffix = randomBytes(4).toString('hex');
    const migrated = `${base}_image_migrated_${suffix}`;
    const seeded = `${base}_image_seeded_${suffix}`;
    templates = [seeded, migrated];
    await onPostgres(`CREATE DATABASE "${migrated}"`);
    let handle = await openDatabase({ databaseUrl: postgresUrl(migrated), poolSize: 2 });
    await migrateDatabase(handle.db);
    await handle.close();
    await onPostgres(`CREATE DATABASE "${seeded}" TEMPLATE "${migrated}"`);
    handle = await openDatabase({ databaseUrl: postgresUrl(seeded), poolSize: 2 });
    const report = await seedDemo(testDeps(handle.db, seededDir), examples);
    await handle.close();
    images = {
      migrated: { template: migrated, dataDir: migratedDir },
      seeded: { template: seeded, dataDir: seededDir, tenantId: report.tenantId },
    };
  } else {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    await migrateDatabase(handle.db);
    const migratedFile = path.join(root, 'migrated.tar');
    await fs.writeFile(migratedFile, Buffer.from(await (await handle.dumpImage!()).arrayBuffer()));
    const report = await seedDemo(testDeps(handle.db, seededDir), examples);
    const seededFile = path.join(root, 'seeded.tar');
    await fs.writeFile(seededFile, Buffer.from(await (await handle.dumpImage!()).arrayBuffer()));
    await handle.close();
    images = {
      migrated: { pgliteFile: migratedFile, dataDir: migratedDir },
      seeded: { pgliteFile: seededFile, dataDir: seededDir, tenantId: report.tenantId },
    };
  }
  process.env[IMAGES_ENV] = JSON.stringify(images);

  return async () => {
    for (const name of templates) await onPostgres(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await fs.rm(root, { recursive: true, force: true });
  };
}

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, openTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { checkReadiness } from '../../app/system/check-readiness.ts';
import { migrateToLatest } from '../migrate.ts';
import { MIGRATIONS } from './index.ts';

const DIR = import.meta.dirname;
const frozen: Record<string, string> = JSON.parse(fs.readFileSync(path.join(DIR, 'frozen.json'), 'utf8'));

describe('migration files', () => {
  it('are frozen: a migration that has shipped keeps its exact bytes', () => {
    for (const [file, hash] of Object.entries(frozen)) {
      const actual = createHash('sha256')
        .update(fs.readFileSync(path.join(DIR, file)))
        .digest('hex');
      expect(actual, `${file} was edited after it was frozen: add a new migration instead`).toBe(hash);
    }
  });

  it('are all registered, in file-name order, and all frozen', () => {
    const files = fs
      .readdirSync(DIR)
      .filter((f) => /^\d{4}_.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .sort();
    expect(Object.keys(MIGRATIONS)).toEqual(files.map((f) => f.replace(/\.ts$/, '')));
    expect(Object.keys(frozen).sort()).toEqual(files);
  });
});

describe(`migrations on ${ENGINE}`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('make the database ready only once every migration has run, and a second run does nothing', async () => {
    expect(await checkReadiness(db.deps.db)).toEqual({
      ready: false,
      database: 'reachable',
      pendingMigrations: Object.keys(MIGRATIONS),
    });
    const first = await migrateToLatest(db.handle.db as never);
    expect(first.applied).toEqual(Object.keys(MIGRATIONS));
    expect(await checkReadiness(db.deps.db)).toEqual({
      ready: true,
      database: 'reachable',
      pendingMigrations: [],
    });
    expect((await migrateToLatest(db.handle.db as never)).applied).toEqual([]);
  });

  // Except the bytes of files (0016): content-addressed, one copy of the same bytes for every
  // tenant that holds them (their `blobs` rows, with tenant_id, say who), reached by SHA-256 only;
  // on Citus distributed by sha256 on their own (README, "Past one machine").
  const NOT_BY_TENANT = ['blob_contents', 'blob_parts'];
  it('give every table a tenant_id (but the bytes of files, kept by their SHA-256)', async () => {
    const { rows } = await sql<{ table_name: string; has_tenant: boolean }>`
      select t.table_name,
             exists (select 1 from information_schema.columns c
                     where c.table_schema = t.table_schema and c.table_name = t.table_name
                       and c.column_name = 'tenant_id') as has_tenant
      from information_schema.tables t
      where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and t.table_name not like 'kysely_%'`.execute(db.handle.db);
    expect(rows.length).toBeGreaterThan(10);
    expect(
      rows.filter((r) => !r.has_tenant && !NOT_BY_TENANT.includes(r.table_name)).map((r) => r.table_name),
    ).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/app/demo/seed-demo.ts';
import { ENGINE, openTestDatabase, type TestDatabase } from './support/database.ts';
import { EXAMPLES_DIR } from './support/http.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe(`the demo seed on ${ENGINE}`, () => {
  it('run twice at once (two servers starting) loads the demo exactly once, without an error', async () => {
    const reports = await Promise.all([seedDemo(db.deps, EXAMPLES_DIR), seedDemo(db.deps, EXAMPLES_DIR)]);
    expect(reports.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(reports.map((r) => r.tenantId)).size).toBe(1);
    const tenants = await db.deps.db.selectFrom('tenants').select('slug').execute();
    expect(tenants).toEqual([{ slug: 'acme' }]);
    const units = await db.deps.db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(units.n)).toBe(reports.find((r) => r.created)!.counts.units);
  });

  it('reads a missing examples folder as an error before writing anything', async () => {
    const fresh = await openTestDatabase();
    try {
      await expect(seedDemo(fresh.deps, '/nonexistent/examples')).rejects.toThrow(/ENOENT/);
      expect(await fresh.deps.db.selectFrom('tenants').selectAll().execute()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

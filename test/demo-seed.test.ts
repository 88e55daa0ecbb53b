import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECENT_PURCHASE_SERIAL, seedDemo } from '../src/app/demo/seed-demo.ts';
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
    expect(Number(units.n)).toBe(305);
  });

  it('gives the demo consumer a purifier delivered days before the seeding clock, inside its return window', async () => {
    // 2027-03-01 00:30 in Shanghai is still 28 February in UTC: the dates follow China's date.
    const fresh = await openTestDatabase({ now: () => new Date('2027-02-28T16:30:00Z') });
    try {
      await seedDemo(fresh.deps, EXAMPLES_DIR);
      const unit = await fresh.deps.db
        .selectFrom('units')
        .innerJoin('parties', (j) =>
          j
            .onRef('parties.tenant_id', '=', 'units.tenant_id')
            .onRef('parties.party_id', '=', 'units.owner_party_id'),
        )
        .select(['units.sold_on', 'units.delivered_on', 'parties.key'])
        .where('units.serial', '=', RECENT_PURCHASE_SERIAL)
        .executeTakeFirstOrThrow();
      const date = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
      expect([date(unit.sold_on), date(unit.delivered_on), unit.key]).toEqual([
        '2027-02-26',
        '2027-02-27',
        'consumer-zhang-wei',
      ]);
    } finally {
      await fresh.close();
    }
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

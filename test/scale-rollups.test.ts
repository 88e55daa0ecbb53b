/**
 * Issue 21: what the queue and the dashboard read is kept up to date by the database as events
 * happen (migration 0015): each case's risk columns follow its clocks through opening, pause and
 * resume, severity change, a breach recorded by the clock worker and a merge; and the rollups
 * kept incrementally equal the ones recomputed from the rows (`servicebook_rebuild_rollups`),
 * the opening's `batch_daily` (migration 0044) among them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changeCaseSeverity,
  changeCaseState,
  listCaseQueue,
  mergeCase,
  openCase,
  processDueClocks,
  recordDiagnosis,
} from '../src/app/case/index.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import type { Actor } from '../src/domain/access/index.ts';
import { openTestDatabase, type TestDatabase } from './support/database.ts';
import { EXAMPLES_DIR } from './support/http.ts';

let clock = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
let t: TestDatabase;
let agent: Actor;
let tenantId: string;
let serials: string[];

beforeAll(async () => {
  t = await openTestDatabase({ now: () => clock });
  tenantId = (await seedDemo(t.deps, EXAMPLES_DIR)).tenantId;
  const user = await t.deps.db
    .selectFrom('users')
    .select(['user_id', 'party_id'])
    .where('email', '=', 'agent@acme.example')
    .executeTakeFirstOrThrow();
  serials = (
    await t.deps.db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .select('units.serial')
      .where('units.tenant_id', '=', tenantId)
      .where('products.model', '=', 'CH-900')
      .orderBy('units.serial')
      .limit(6)
      .execute()
  ).map((u) => u.serial);
  agent = {
    tenantId,
    userId: user.user_id,
    partyId: user.party_id,
    role: 'agent',
    homeParty: true,
    authenticatedBy: 'cli',
  };
});
afterAll(async () => {
  await t?.close();
});

/** The risk columns as kept, beside what the clocks say now. */
async function risk(caseId: string) {
  const kept = await t.deps.db
    .selectFrom('cases')
    .select(['risk_due_at', 'risk_calendar', 'has_breach'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  const clocks = await t.deps.db
    .selectFrom('case_clocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .execute();
  const running = clocks
    .filter((c) => c.stopped_at === null && c.status === 'running' && c.due_at !== null)
    .sort((a, b) => Number(a.due_at) - Number(b.due_at));
  return {
    kept: { due: Number(kept.risk_due_at), calendar: kept.risk_calendar, breach: kept.has_breach },
    fromClocks: {
      due: running.length > 0 ? Number(running[0]!.due_at) : 253402300799,
      calendar: running.length > 0 ? `${running[0]!.calendar_key}@${running[0]!.calendar_version}` : null,
      breach: clocks.some((c) => c.status === 'breached'),
    },
  };
}

const open = (serial: string, severity: 'high' | 'normal' = 'high') =>
  openCase(t.deps, agent, {
    kind: 'repair',
    severity,
    serial,
    description: 'Compressor trips.',
    channel: 'phone',
  });

describe('the risk kept on the case', () => {
  it('follows the clocks through opening, pause, resume, severity, breach and merge', async () => {
    const a = await open(serials[0]!);
    const b = await open(serials[1]!, 'normal');
    let r = await risk(a.id);
    expect(r.kept).toEqual(r.fromClocks);
    expect(r.kept.due).toBeLessThan(253402300799);

    await changeCaseState(t.deps, agent, a.id, { state: 'waiting_on_customer' });
    r = await risk(a.id);
    expect(r.kept).toEqual(r.fromClocks);
    clock = new Date(clock.getTime() + 3600_000);
    await changeCaseState(t.deps, agent, a.id, { state: 'in_progress' });
    r = await risk(a.id);
    expect(r.kept).toEqual(r.fromClocks);

    await changeCaseSeverity(t.deps, agent, b.id, { severity: 'critical' });
    r = await risk(b.id);
    expect(r.kept).toEqual(r.fromClocks);

    // A week later the worker records the breaches.
    clock = new Date(clock.getTime() + 7 * 86_400_000);
    await processDueClocks(t.deps);
    for (const id of [a.id, b.id]) {
      r = await risk(id);
      expect(r.kept).toEqual(r.fromClocks);
      expect(r.kept.breach).toBe(true);
    }

    const c = await open(serials[0]!, 'normal');
    await mergeCase(t.deps, agent, c.id, { into: a.id });
    r = await risk(c.id);
    expect(r.kept).toEqual(r.fromClocks);
    expect(r.kept.due).toBe(253402300799);
  });

  it('pages the queue by it, with the cursor, the same as sorting every open case', async () => {
    for (const serial of serials.slice(2, 5)) await open(serial, 'normal');
    const all = await t.deps.db
      .selectFrom('cases')
      .select(['case_id', 'risk_due_at'])
      .where('tenant_id', '=', tenantId)
      .where('state', 'not in', ['resolved', 'closed'])
      .orderBy('risk_due_at')
      .orderBy('case_id')
      .execute();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCaseQueue(t.deps, agent, { limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((c) => c.case_id));
  });
});

describe('the dashboard rollups', () => {
  it('kept event by event equal those recomputed from the rows', async () => {
    const d = await open(serials[5]!);
    await recordDiagnosis(t.deps, agent, d.id, { partCategory: 'compressor', cause: 'manufacturing_defect' });
    const e = await open(serials[5]!);
    await recordDiagnosis(t.deps, agent, e.id, { partCategory: 'compressor', cause: 'manufacturing_defect' });
    await changeCaseState(t.deps, agent, d.id, { state: 'resolved' });
    const snapshot = async () => ({
      sla: (
        await sql`SELECT day::text, side, owed_by, met, breached FROM sla_daily WHERE tenant_id = ${tenantId}
          AND (met <> 0 OR breached <> 0) ORDER BY 1, 2, 3`.execute(t.deps.db)
      ).rows,
      units: (
        await sql`SELECT unit_id, product_id, failures, repeated FROM unit_failures WHERE tenant_id = ${tenantId}
          ORDER BY 1`.execute(t.deps.db)
      ).rows,
      costs: (
        await sql`SELECT day::text, product_id, bearer_party_id, currency, amount_minor::text FROM cost_daily
          WHERE tenant_id = ${tenantId} AND lines <> 0 ORDER BY 1, 2, 3, 4`.execute(t.deps.db)
      ).rows,
      batches: (
        await sql`SELECT product_id, sold_on::text, units, failures FROM batch_daily WHERE tenant_id = ${tenantId}
          AND (units <> 0 OR failures <> 0) ORDER BY 1, 2`.execute(t.deps.db)
      ).rows,
    });
    const kept = await snapshot();
    expect(kept.sla.length).toBeGreaterThan(0);
    expect(kept.units).toContainEqual(expect.objectContaining({ failures: 2, repeated: true }));
    expect(kept.batches.length).toBeGreaterThan(0);
    await sql`SELECT servicebook_rebuild_rollups(${tenantId}::uuid)`.execute(t.deps.db);
    expect(await snapshot()).toEqual(kept);
  });
});

/**
 * Scale benchmark: `npm run bench -- scale [--sizes 10000,100000,1000000] [--engine pglite] [--keep] [--reuse URL]`.
 *
 * For each size, a fresh database (a scratch PostgreSQL database, dropped after; or an embedded
 * one in a temp folder) gets a generated tenant of that many cases (bench/generate.ts). Then, on
 * the application's own functions (what the HTTP routes call), sequentially, p50/p95 of:
 * the queue's first page, a filtered page (severity = critical), its second page by cursor, a
 * search (case number, unit serial or customer name prefix: see `search` below), a case page
 * (the case with its clocks, then its activity), the dashboard, the escalation board, a party's
 * statement for a month, and openings per second (`openCase` on the generated units, one after
 * the other) — each printed beside a plain primary-key read of a case measured in the same run.
 *
 * Targets at 1,000,000 cases: queue and case page p95 under 50 ms, dashboard p95 under 1 s,
 * openings per second at least 80 % of the rate at 10,000.
 */
import { sql } from 'kysely';
import {
  caseActivity,
  listCaseQueue,
  listEscalations,
  openCase,
  serviceDashboard,
  toCaseView,
} from '../src/app/case/index.ts';
import { ledgerStatement } from '../src/app/ledger/index.ts';
import {
  type GeneratedTenant,
  generateTenant,
  openGenerated,
  openScratch,
  type Scratch,
} from './generate.ts';
import { argValue } from './support/measure.ts';

const ITERATIONS = 40;
const WARMUP = 5;
const OPENINGS = 150;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function timed(
  n: number,
  work: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await work(i + 1_000_000);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await work(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

/**
 * The search measured: a case by its number, a unit by its serial, customers by the start of
 * their name (case-insensitive); each through its own index (migration 0015's text_pattern_ops
 * indexes and the unique keys), the open cases of what it found first, 20 at most.
 */
async function search(db: Parameters<typeof listCaseQueue>[0]['db'], tenantId: string, q: string) {
  const like = `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`
    (SELECT c.case_id, c.number FROM cases c WHERE c.tenant_id = ${tenantId} AND c.number LIKE ${`${q}%`} ORDER BY c.number LIMIT 20)
    UNION ALL
    (SELECT c.case_id, c.number FROM units u JOIN cases c ON c.tenant_id = u.tenant_id AND c.unit_id = u.unit_id
      WHERE u.tenant_id = ${tenantId} AND u.serial LIKE ${`${q}%`} ORDER BY u.serial, c.opened_at DESC LIMIT 20)
    UNION ALL
    (SELECT c.case_id, c.number FROM (SELECT party_id FROM parties WHERE tenant_id = ${tenantId}
        AND lower(name) LIKE ${like} ORDER BY lower(name) LIMIT 20) p
      CROSS JOIN LATERAL (SELECT case_id, number FROM cases WHERE tenant_id = ${tenantId} AND customer_party_id = p.party_id
        ORDER BY opened_at DESC LIMIT 3) c LIMIT 20)`.execute(db);
}

/** The plans of the daily reads (written out as the application sends them), with their timings. */
async function explain(db: Parameters<typeof listCaseQueue>[0]['db'], tenantId: string, serial: string) {
  const unit = (
    await sql<{ unit_id: string; product_id: string }>`SELECT unit_id, product_id FROM units
      WHERE tenant_id = ${tenantId} AND serial = ${serial}`.execute(db)
  ).rows[0]!;
  const plans: [string, ReturnType<typeof sql>][] = [
    [
      'queue first page',
      sql`SELECT case_id, risk_due_at FROM cases WHERE tenant_id = ${tenantId} AND state NOT IN ('resolved', 'closed')
        ORDER BY risk_due_at, case_id LIMIT 51`,
    ],
    [
      'queue severity=critical',
      sql`SELECT case_id, risk_due_at FROM cases WHERE tenant_id = ${tenantId} AND state NOT IN ('resolved', 'closed')
        AND severity = 'critical' ORDER BY risk_due_at, case_id LIMIT 51`,
    ],
    [
      'opening: repeat failures of the unit (90 days)',
      sql`SELECT count(*) FROM cases WHERE tenant_id = ${tenantId} AND unit_id = ${unit.unit_id}
        AND failure_confirmed_at IS NOT NULL AND merged_into_case_id IS NULL AND kind IN ('repair', 'field_visit')
        AND opened_at >= now() - interval '90 days'`,
    ],
    [
      'opening: batch of the product sold in the window (365 days): units, failures',
      sql`SELECT (SELECT coalesce(sum(units), 0) FROM batch_daily WHERE tenant_id = ${tenantId}
          AND product_id = ${unit.product_id} AND sold_on >= current_date - 365),
        (SELECT coalesce(sum(failures), 0) FROM batch_daily WHERE tenant_id = ${tenantId}
          AND product_id = ${unit.product_id} AND sold_on >= current_date - 365)`,
    ],
    [
      'reference: the same failures as read before migration 0044, unit by unit',
      sql`SELECT coalesce(sum(f.n), 0) FROM units u CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM cases c WHERE c.tenant_id = u.tenant_id AND c.unit_id = u.unit_id
          AND c.failure_confirmed_at IS NOT NULL AND c.merged_into_case_id IS NULL
          AND c.kind IN ('repair', 'field_visit', 'complaint') AND c.opened_at >= now() - interval '365 days') f
        WHERE u.tenant_id = ${tenantId} AND u.product_id = ${unit.product_id} AND u.sold_on >= current_date - 365`,
    ],
    [
      'escalation board',
      sql`SELECT e.*, c.number FROM escalations e JOIN cases c ON c.tenant_id = e.tenant_id AND c.case_id = e.case_id
        WHERE e.tenant_id = ${tenantId} AND e.state <> 'resolved'
        ORDER BY CASE WHEN e.level = 'legal' THEN 0 WHEN e.level = 'management' THEN 1 ELSE 2 END, e.act_by NULLS LAST, e.raised_at
        LIMIT 500`,
    ],
    [
      'unit history (cases of a unit)',
      sql`SELECT case_id FROM cases WHERE tenant_id = ${tenantId} AND unit_id = ${unit.unit_id} ORDER BY opened_at DESC`,
    ],
    [
      'dashboard: open cases by time left',
      sql`SELECT count(*) FILTER (WHERE has_breach OR risk_due_at <= 1800000000), count(*) FROM cases
        WHERE tenant_id = ${tenantId} AND state NOT IN ('resolved', 'closed')`,
    ],
  ];
  for (const [label, query] of plans) {
    const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF) ${query}`.execute(db);
    process.stdout.write(`  plan: ${label}\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}\n`);
  }
}

interface SizeResult {
  size: number;
  generateS: number;
  open: number;
  figures: [string, { p50: number; p95: number }][];
  pk: { p50: number; p95: number };
  openingsPerS: number;
}

/** A fresh database with a generated tenant of `size` cases, or (`--reuse URL`) one kept from before. */
async function prepare(
  engine: 'postgres' | 'pglite',
  size: number,
): Promise<{ scratch: Scratch; g: GeneratedTenant }> {
  const reuse = argValue('reuse');
  if (reuse) {
    const { scratch, tenant } = await openGenerated(reuse);
    return { scratch, g: tenant };
  }
  const scratch = await openScratch(engine);
  const g = await generateTenant(scratch.deps, size, (line) => process.stdout.write(`  [${size}] ${line}\n`));
  return { scratch, g };
}

async function measureSize(
  engine: 'postgres' | 'pglite',
  size: number,
  keepSize: number,
): Promise<SizeResult> {
  const { scratch, g } = await prepare(engine, size);
  try {
    const deps = scratch.deps;
    const { tenantId, agent } = g;
    const db = deps.db;
    const ids = (
      await sql<{ case_id: string }>`SELECT case_id FROM cases WHERE tenant_id = ${tenantId}
        ORDER BY md5(case_id::text) LIMIT 500`.execute(db)
    ).rows.map((r) => r.case_id);
    const open = Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE tenant_id = ${tenantId}
          AND state NOT IN ('resolved', 'closed')`.execute(db)
      ).rows[0]!.n,
    );
    const pick = (i: number) => ids[(i * 7919) % ids.length]!;
    const figures: SizeResult['figures'] = [];
    const pkRead = (i: number) =>
      db
        .selectFrom('cases')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('case_id', '=', pick(i))
        .execute();
    const pk = await timed(ITERATIONS * 5, pkRead);

    figures.push([
      'queue, first page (50)',
      await timed(ITERATIONS, () => listCaseQueue(deps, agent, { limit: 50 })),
    ]);
    const filtered = await listCaseQueue(deps, agent, { limit: 50, severity: 'critical' });
    figures.push([
      'queue, severity=critical',
      await timed(ITERATIONS, () => listCaseQueue(deps, agent, { limit: 50, severity: 'critical' })),
    ]);
    figures.push([
      'queue, critical, page 2',
      await timed(ITERATIONS, () =>
        listCaseQueue(deps, agent, { limit: 50, severity: 'critical', cursor: filtered.nextCursor }),
      ),
    ]);
    figures.push([
      'queue, party=fixit-shanghai',
      await timed(ITERATIONS, () => listCaseQueue(deps, agent, { limit: 50, party: 'fixit-shanghai' })),
    ]);
    const queries = ['C-0012', 'GEN-0000123', 'zhang hotel', 'Wang', 'C-000777'];
    figures.push([
      'search (number/serial/name)',
      await timed(ITERATIONS, (i) => search(db, tenantId, queries[i % queries.length]!)),
    ]);
    figures.push([
      'case page (case + activity)',
      await timed(ITERATIONS, async (i) => {
        await toCaseView(db, agent, pick(i), deps.now());
        await caseActivity(deps, agent, pick(i));
      }),
    ]);
    figures.push(['dashboard', await timed(Math.min(ITERATIONS, 20), () => serviceDashboard(deps, agent))]);
    figures.push(['escalation board', await timed(ITERATIONS, () => listEscalations(deps, agent, {}))]);
    const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
    figures.push([
      'statement, partner, one month',
      await timed(ITERATIONS, () =>
        ledgerStatement(deps, agent, { party: 'fixit-shanghai', from: `${month}-01`, to: `${month}-28` }),
      ),
    ]);

    // Openings, one after the other, on generated units (each with its facts, clocks, entries).
    for (let i = 0; i < 5; i++)
      await openCase(deps, agent, {
        kind: 'repair',
        severity: 'normal',
        serial: g.serials(i * 31),
        description: 'warm-up',
        channel: 'phone',
      });
    const o0 = performance.now();
    const openTimes: number[] = [];
    for (let i = 0; i < OPENINGS; i++) {
      const t0 = performance.now();
      await openCase(deps, agent, {
        kind: i % 5 === 0 ? 'field_visit' : 'repair',
        severity: i % 10 === 0 ? 'critical' : 'normal',
        serial: g.serials(1000 + i * 97),
        description: 'Compressor trips on start. 压缩机启动跳闸。',
        channel: 'phone',
      });
      openTimes.push(performance.now() - t0);
    }
    const openingsPerS = OPENINGS / ((performance.now() - o0) / 1000);
    openTimes.sort((a, b) => a - b);
    figures.push(['opening (one case)', { p50: pct(openTimes, 50), p95: pct(openTimes, 95) }]);
    if (process.argv.includes('--explain')) await explain(db, tenantId, g.serials(5));
    return { size: g.cases, generateS: g.ms / 1000, open, figures, pk, openingsPerS };
  } finally {
    // --keep keeps the largest size's database, to be measured again with --reuse.
    const keep = process.argv.includes('--keep') && keepSize === size && !argValue('reuse');
    if (keep) process.stdout.write(`  kept: ${scratch.url ?? '(embedded database)'}\n`);
    await scratch.close(keep);
  }
}

export async function run(): Promise<void> {
  const engine = argValue('engine') === 'pglite' ? 'pglite' : 'postgres';
  // --reuse URL measures a database kept by `generate --keep` (one size: the cases it holds).
  const reuse = argValue('reuse');
  const sizes = (
    reuse ? '0' : (argValue('sizes') ?? (engine === 'pglite' ? '100000' : '10000,100000,1000000'))
  )
    .split(',')
    .map((s) => Number(s.replaceAll('_', '')));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const results: SizeResult[] = [];
  for (const size of sizes) {
    out(
      `\n${engine}, ${reuse ? `the database at ${reuse}` : `${size.toLocaleString('en-US')} cases`}: ${reuse ? 'opening' : 'generating'}…`,
    );
    const r = await measureSize(engine, size, Math.max(...sizes));
    results.push(r);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    out(
      `${r.size.toLocaleString('en-US')} cases (${r.open.toLocaleString('en-US')} open), generated in ${r.generateS.toFixed(0)} s`,
    );
    out(
      `${''.padEnd(32)} ${'p50'.padStart(10)} ${'p95'.padStart(10)}   reference: primary-key read p50 / p95`,
    );
    for (const [label, f] of r.figures)
      out(
        `${label.padEnd(32)} ${ms(f.p50).padStart(10)} ${ms(f.p95).padStart(10)}   ${ms(r.pk.p50)} / ${ms(r.pk.p95)}`,
      );
    out(`${'openings per second'.padEnd(32)} ${r.openingsPerS.toFixed(1).padStart(10)}/s`);
  }
  const first = results[0]!;
  const last = results.at(-1)!;
  if (results.length > 1) {
    const get = (r: SizeResult, label: string) => r.figures.find(([l]) => l === label)![1];
    out(`\ntargets at ${last.size.toLocaleString('en-US')} cases:`);
    const check = (label: string, ok: boolean, text: string) =>
      out(`  ${label.padEnd(40)} ${text} ${ok ? 'met' : 'NOT MET'}`);
    const q = get(last, 'queue, first page (50)').p95;
    check('queue p95 < 50 ms', q < 50, `${q.toFixed(1)} ms`);
    const c = get(last, 'case page (case + activity)').p95;
    check('case page p95 < 50 ms', c < 50, `${c.toFixed(1)} ms`);
    const d = get(last, 'dashboard').p95;
    check('dashboard p95 < 1 s', d < 1000, `${d.toFixed(1)} ms`);
    const share = last.openingsPerS / first.openingsPerS;
    check(
      `openings/s >= 80 % of ${first.size.toLocaleString('en-US')}`,
      share >= 0.8,
      `${last.openingsPerS.toFixed(1)}/s vs ${first.openingsPerS.toFixed(1)}/s = ${(share * 100).toFixed(0)} %`,
    );
  }
}

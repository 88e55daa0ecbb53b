/**
 * Queue benchmark (issue 14): `npm run bench -- queue [--cases 720000] [--engine pglite] [--keep | --reuse URL]`.
 *
 * A generated tenant (bench/generate.ts; about one case in seven is open, so the default 720,000
 * cases hold about 100,000 open), its search documents built as the use cases build them (the
 * generated descriptions segmented by the same `searchDocumentText`, set-based), then p50/p95 of:
 * the queue's first page, a Chinese search, an English search, a search by case number, and the
 * counts per filter — each through `listCaseQueue`/`queueCounts` as the HTTP routes call them —
 * beside a plain indexed `SELECT … LIMIT 50` on the same table in the same run.
 *
 * Generating 720,000 cases takes about a quarter of an hour: `--keep` keeps the database (its URL
 * printed at the end), `--reuse URL` measures it again without generating it (its search
 * documents already built; migrations added since are applied on opening).
 */
import { sql } from 'kysely';
import { listCaseQueue, queueCounts } from '../src/app/case/index.ts';
import { searchDocumentText } from '../src/domain/case/index.ts';
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

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

async function timed(work: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await work(i + 1_000_000);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    await work(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

/** The generated cases' search documents, as the use cases build them (set-based), then ANALYZE. */
async function buildSearchDocuments(deps: Scratch['deps'], tenantId: string, out: (line: string) => void) {
  const db = deps.db;
  // The generated text, segmented once in JS (the templates repeat); the rest is set-based SQL.
  const zh = '压缩机/制冷问题';
  const t0 = performance.now();
  await sql`UPDATE cases SET search_doc = to_tsvector('simple', lower(regexp_replace(concat_ws(' ',
      cases.number, p.name, p.name_zh, u.serial, replace(cases.description, ${zh}::text, ${searchDocumentText([zh])}::text),
      ${searchDocumentText(['Any news on the repair? 请问维修有进展吗？ A technician is booked. 已安排技术员上门。'])}::text),
      '[^[:alnum:][:space:]]+', ' ', 'g')))
    FROM parties p, units u
    WHERE cases.tenant_id = ${tenantId} AND p.tenant_id = cases.tenant_id AND p.party_id = cases.customer_party_id
      AND u.tenant_id = cases.tenant_id AND u.unit_id = cases.unit_id`.execute(db);
  await sql`ANALYZE cases`.execute(db);
  out(`  search documents built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export async function run(): Promise<void> {
  const engine = argValue('engine') === 'pglite' ? 'pglite' : 'postgres';
  const size = Number(argValue('cases') ?? 720_000);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const reuse = argValue('reuse');
  const keep = process.argv.includes('--keep');
  let scratch: Scratch;
  let g: GeneratedTenant;
  if (reuse) ({ scratch, tenant: g } = await openGenerated(reuse));
  else {
    scratch = await openScratch(engine);
    g = await generateTenant(scratch.deps, size, (line) => out(`  [${size}] ${line}`));
  }
  try {
    const deps = scratch.deps;
    const { tenantId, agent } = g;
    const db = deps.db;
    if (!reuse) await buildSearchDocuments(deps, tenantId, out);
    const open = Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE tenant_id = ${tenantId}
          AND state NOT IN ('resolved', 'closed')`.execute(db)
      ).rows[0]!.n,
    );
    const someNumber = (
      await sql<{ number: string }>`SELECT number FROM cases WHERE tenant_id = ${tenantId}
        AND state NOT IN ('resolved', 'closed') ORDER BY case_id LIMIT 1 OFFSET 777`.execute(db)
    ).rows[0]!.number;
    const figures: [string, { p50: number; p95: number }][] = [];
    const plain = await timed(() =>
      sql`SELECT case_id, number, state, severity FROM cases WHERE tenant_id = ${tenantId}
        AND state NOT IN ('resolved', 'closed') ORDER BY risk_due_at, case_id LIMIT 50`.execute(db),
    );
    figures.push(['queue, first page (50)', await timed(() => listCaseQueue(deps, agent, { limit: 50 }))]);
    figures.push([
      'search zh "进展" (every case)',
      await timed(() => listCaseQueue(deps, agent, { limit: 50, q: '进展' })),
    ]);
    figures.push([
      'search zh "漏水" (none)',
      await timed(() => listCaseQueue(deps, agent, { limit: 50, q: '漏水' })),
    ]);
    figures.push([
      'search en "leaking defrost" (1 in 6)',
      await timed(() => listCaseQueue(deps, agent, { limit: 50, q: 'leaking defrost' })),
    ]);
    figures.push([
      `search number "${someNumber}"`,
      await timed(() => listCaseQueue(deps, agent, { limit: 50, q: someNumber })),
    ]);
    figures.push(['counts per filter (12, capped)', await timed(() => queueCounts(deps, agent))]);
    out(
      `\n${engine}, ${size.toLocaleString('en-US')} cases, ${open.toLocaleString('en-US')} open (p50 / p95 ms):`,
    );
    out(`  plain indexed SELECT … LIMIT 50   ${plain.p50.toFixed(2)} / ${plain.p95.toFixed(2)}`);
    for (const [name, f] of figures) out(`  ${name.padEnd(34)} ${f.p50.toFixed(2)} / ${f.p95.toFixed(2)}`);
    if (keep && !reuse) out(`kept: ${scratch.url ?? '(embedded database in a temp folder)'} (--reuse URL)`);
  } finally {
    await scratch.close(keep && !reuse);
  }
}

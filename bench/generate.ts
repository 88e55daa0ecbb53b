/**
 * The data generator: `npm run bench -- generate --cases N [--engine pglite] [--keep]`.
 *
 * Builds a realistic tenant of N cases on top of the demo tenant (its products, terms, calendars,
 * partners and users, seeded as `servicebook demo` seeds them): N/20 customers, N/3 units of the
 * demo products spread over the territories and partners, and N cases over three years, each with
 * its clocks (met, breached, running or paused, as its state and age say), two messages, two
 * evidence entries, a repair (repair cases), a return (return cases), a cost line (completed
 * repairs) and escalations (some critical open cases). About 15 % of the cases are open, most of
 * them recent, as in a service organisation with a few years of history.
 *
 * Every row is written set-based (`INSERT … SELECT` over `generate_series`, batches of 100,000
 * cases, no per-row round trips), with the triggers off for the batch
 * (`session_replication_role = replica`: no foreign-key checks, no rollup triggers), so the
 * derived columns are written directly (each case's risk) and the rollups are rebuilt once at the
 * end (`servicebook_rebuild_rollups`, migrations 0015 and 0044), then VACUUM ANALYZE: the state autovacuum keeps
 * a live database in (statistics, and the visibility map that lets counts read an index alone).
 *
 * The generated evidence entries carry placeholder hashes: the tenant's chain does not verify
 * over them (entries appended after generation chain onto the head as usual). Everything else
 * reads as real data: the queue, the case page, the dashboard, statements, openings.
 *
 * Without `--keep` the scratch database is dropped at the end.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { openCase } from '../src/app/case/index.ts';
import { type AppDeps, DEFAULT_SETTINGS } from '../src/app/context.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import { sequenceLog } from '../src/app/evidence/index.ts';
import { migrateDatabase } from '../src/app/system/index.ts';
import type { Actor } from '../src/domain/access/index.ts';
import { FolderBlobStore } from '../src/store/blob-store.ts';
import { type DatabaseHandle, openDatabase } from '../src/store/database.ts';
import { uuidv7 } from '../src/store/ids.ts';
import type { Database } from '../src/store/schema.ts';
import { loadEvidenceSigner } from '../src/store/signing-key.ts';
import { createScratchPostgres } from '../test/support/database.ts';
import { EXAMPLES_DIR } from '../test/support/http.ts';
import { argValue } from './support/measure.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 100_000;
const YEARS = 3;

export interface Scratch {
  deps: AppDeps;
  handle: DatabaseHandle;
  engine: 'postgres' | 'pglite';
  url: string | undefined;
  close(keep?: boolean): Promise<void>;
}

/** The database at url (or an embedded one in dataDir), migrated, with the app's dependencies over it. */
async function openMigrated(url: string | undefined, dataDir: string) {
  const handle = await openDatabase({
    databaseUrl: url,
    pgliteDir: path.join(dataDir, 'pglite'),
    poolSize: 10,
  });
  await migrateDatabase(handle.db);
  const deps: AppDeps = {
    db: handle.db,
    blobs: new FolderBlobStore(path.join(dataDir, 'blobs')),
    now: () => new Date(),
    // The ids the server makes (src/main.ts): time-ordered, so rows the measured openings add
    // land at the right edge of their keys as in production, not on random pages of a big index.
    newId: () => uuidv7(),
    evidenceSigner: loadEvidenceSigner({ dataDir }),
    settings: DEFAULT_SETTINGS,
  };
  return { handle, deps };
}

/** An empty, migrated database: a scratch PostgreSQL database, or an embedded one in a temp folder. */
export async function openScratch(engine: 'postgres' | 'pglite'): Promise<Scratch> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-scale-'));
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (engine === 'postgres') {
    process.env.DATABASE_URL ??= DEFAULT_URL;
    const scratch = await createScratchPostgres();
    url = scratch.url;
    drop = scratch.drop;
  }
  const { handle, deps } = await openMigrated(url, dataDir);
  return {
    deps,
    handle,
    engine,
    url,
    close: async (keep = false) => {
      await handle.close();
      if (!keep) {
        await drop?.();
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface GeneratedTenant {
  tenantId: string;
  agent: Actor;
  /** Serials of generated units, for openings and unit histories. */
  serials: (n: number) => string;
  units: number;
  customers: number;
  cases: number;
  ms: number;
  rows: Record<string, number>;
}

/** The demo tenant's agent, who reads the queue and opens cases in the benchmarks. */
async function demoAgent(deps: AppDeps, tenantId: string): Promise<Actor> {
  const row = await deps.db
    .selectFrom('users')
    .select(['user_id', 'party_id'])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', 'agent@acme.example')
    .executeTakeFirstOrThrow();
  return {
    tenantId,
    userId: row.user_id,
    partyId: row.party_id,
    role: 'agent',
    homeParty: true,
    authenticatedBy: 'cli',
  };
}

const generatedSerial = (units: number) => (n: number) => `GEN-${String(1 + (n % units)).padStart(8, '0')}`;

/**
 * A database generated before and kept (`generate --keep`), opened to be measured again without
 * generating it again: its URL, the generated tenant (the one with the most cases).
 */
export async function openGenerated(url: string): Promise<{ scratch: Scratch; tenant: GeneratedTenant }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-scale-'));
  const { handle, deps } = await openMigrated(url, dataDir);
  const counts = await sql<{
    tenant_id: string;
    cases: string;
  }>`SELECT tenant_id, count(*) AS cases FROM cases
    GROUP BY tenant_id ORDER BY count(*) DESC LIMIT 1`.execute(handle.db);
  const top = counts.rows[0];
  if (!top) throw new Error(`no generated cases in ${url}`);
  const units = await sql<{ n: string }>`SELECT count(*) AS n FROM units WHERE tenant_id = ${top.tenant_id}
    AND serial LIKE 'GEN-%'`.execute(handle.db);
  const customers = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM parties WHERE tenant_id = ${top.tenant_id}
    AND key LIKE 'gen-%'`.execute(handle.db);
  const scratch: Scratch = {
    deps,
    handle,
    engine: 'postgres',
    url,
    close: async () => {
      await handle.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  const tenant: GeneratedTenant = {
    tenantId: top.tenant_id,
    agent: await demoAgent(deps, top.tenant_id),
    serials: generatedSerial(Number(units.rows[0]!.n)),
    units: Number(units.rows[0]!.n),
    customers: Number(customers.rows[0]!.n),
    cases: Number(top.cases),
    ms: 0,
    rows: {},
  };
  return { scratch, tenant };
}

/** The demo tenant, then `cases` generated cases in it (see the file's comment). */
export async function generateTenant(
  deps: AppDeps,
  cases: number,
  progress: (line: string) => void = () => {},
): Promise<GeneratedTenant> {
  const started = performance.now();
  const { tenantId } = await seedDemo(deps, EXAMPLES_DIR);
  const db = deps.db;
  const agent = await demoAgent(deps, tenantId);
  // One real opening: the terms' clocks (agreement, targets, calendars) the generated ones copy.
  const unit = await db
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
    .executeTakeFirstOrThrow();
  const template = await openCase(deps, agent, {
    kind: 'repair',
    severity: 'high',
    serial: unit.serial,
    description: 'Template opening for the generator',
    channel: 'phone',
  });
  const customers = Math.max(50, Math.ceil(cases / 20));
  const units = Math.max(100, Math.ceil(cases / 3));
  const now = Math.floor(Date.now() / 1000);
  const span = YEARS * 365 * 86_400;

  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`
      INSERT INTO parties (tenant_id, party_id, key, name, name_zh, roles, country, email, phone, created_at, updated_at)
      SELECT ${tenantId}::uuid, md5(${tenantId}::text || 'p' || n)::uuid, 'gen-customer-' || n,
        (ARRAY['Zhang','Wang','Li','Zhao','Chen','Liu','Yang','Huang','Zhou','Wu','Xu','Sun'])[1 + abs(hashint4(n)) % 12]
          || ' ' || (ARRAY['Trading','Foods','Hotel','Logistics','Pharma','Mall','Hospital','Plant','Cold Chain','Office Park'])[1 + abs(hashint4(n + 7)) % 10]
          || ' ' || n,
        (ARRAY['张','王','李','赵','陈','刘','杨','黄','周','吴','徐','孙'])[1 + abs(hashint4(n)) % 12]
          || (ARRAY['贸易','食品','酒店','物流','制药','商场','医院','工厂','冷链','园区'])[1 + abs(hashint4(n + 7)) % 10] || n,
        ARRAY['customer'], 'CN', 'customer' || n || '@example.cn', NULL, now(), now()
      FROM generate_series(1, ${customers}) AS n`.execute(trx);
    await sql`
      WITH products AS (SELECT array_agg(product_id ORDER BY model) AS ids FROM products WHERE tenant_id = ${tenantId}),
      partners AS (SELECT array_agg(party_id ORDER BY key) AS ids FROM parties
                   WHERE tenant_id = ${tenantId} AND 'service_partner' = ANY (roles))
      INSERT INTO units (tenant_id, unit_id, serial, product_id, owner_party_id, seller_party_id, service_party_id,
        territory, sold_on, delivered_on, installed_on, created_at, updated_at)
      SELECT ${tenantId}::uuid, md5(${tenantId}::text || 'u' || n)::uuid, 'GEN-' || lpad(n::text, 8, '0'),
        products.ids[1 + abs(hashint4(n)) % cardinality(products.ids)],
        md5(${tenantId}::text || 'p' || (1 + n % ${customers}))::uuid, NULL,
        CASE WHEN abs(hashint4(n + 3)) % 2 = 0 THEN partners.ids[1 + abs(hashint4(n + 5)) % cardinality(partners.ids)] END,
        (ARRAY['CN-SH','CN-GD','CN-JS','CN-ZJ','CN-BJ','CN-SC'])[1 + abs(hashint4(n + 11)) % 6],
        current_date - (abs(hashint4(n + 13)) % 1500), current_date - (abs(hashint4(n + 13)) % 1500) + 3,
        current_date - (abs(hashint4(n + 13)) % 1500) + 5, now(), now()
      FROM generate_series(1, ${units}) AS n, products, partners`.execute(trx);
  });
  progress(`${customers} customers, ${units} units`);

  // The demo's entries chained first, so the generated ones follow its head; and the case
  // numbers the demo took (migration 0045: a sequence per tenant), the generated cases after them.
  await sequenceLog(deps, tenantId);
  const firstNumber = Number(
    (
      await sql<{ n: string }>`SELECT coalesce(max(substr(number, 3)::bigint), 0) AS n FROM cases
        WHERE tenant_id = ${tenantId}`.execute(db)
    ).rows[0]!.n,
  );
  for (let from = 1; from <= cases; from += BATCH) {
    const to = Math.min(cases, from + BATCH - 1);
    const b0 = performance.now();
    await generateBatch(db, {
      tenantId,
      templateCaseId: template.id,
      from,
      to,
      cases,
      customers,
      units,
      now,
      span,
      firstNumber,
    });
    progress(`cases ${from}-${to} in ${((performance.now() - b0) / 1000).toFixed(1)} s`);
  }
  await sql`SELECT servicebook_restart_sequences(${tenantId}::uuid, ${firstNumber + cases}::bigint)`.execute(
    db,
  );
  const r0 = performance.now();
  await sql`SELECT servicebook_rebuild_rollups(${tenantId}::uuid)`.execute(db);
  // A bulk load leaves the visibility map unset until autovacuum passes: without it the
  // dashboard's count of open cases visits every heap page (2.3 s at a million, 0.13 s after).
  await sql`VACUUM ANALYZE`.execute(db);
  progress(
    `rollups rebuilt, vacuumed and statistics gathered in ${((performance.now() - r0) / 1000).toFixed(1)} s`,
  );
  const rows: Record<string, number> = {};
  for (const table of [
    'cases',
    'case_clocks',
    'case_messages',
    'timeline_entries',
    'repairs',
    'returns',
    'cost_lines',
    'escalations',
  ] as const) {
    const r = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}`.execute(db);
    rows[table] = Number(r.rows[0]!.n);
  }
  return {
    tenantId,
    agent,
    serials: generatedSerial(units),
    units,
    customers,
    cases,
    ms: performance.now() - started,
    rows,
  };
}

interface BatchInput {
  tenantId: string;
  templateCaseId: string;
  from: number;
  to: number;
  cases: number;
  customers: number;
  units: number;
  now: number;
  span: number;
  firstNumber: number;
}

async function generateBatch(db: Kysely<Database>, b: BatchInput): Promise<void> {
  const t = b.tenantId;
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    const head = await sql<{
      seq: string;
    }>`SELECT seq FROM timeline_heads WHERE tenant_id = ${t} FOR UPDATE`.execute(trx);
    const seq0 = Number(head.rows[0]?.seq ?? 0);
    // One row per case with everything the inserts below derive from it.
    await sql`
      CREATE TEMP TABLE gen ON COMMIT DROP AS
      SELECT g.*,
        CASE WHEN g.open THEN (ARRAY['new','in_progress','waiting_on_customer'])[1 + g.h3 % 3]
             ELSE (ARRAY['resolved','closed'])[1 + g.h3 % 2] END AS state
      FROM (
        SELECT i, h1, h2, h3, h4, h5,
          md5(${t}::text || 'c' || i)::uuid AS case_id,
          ${b.firstNumber}::bigint + i AS num,
          1 + h1 % ${b.units} AS unit_n,
          ${b.now}::bigint - ${b.span}::bigint + (i::bigint * ${b.span}::bigint / ${b.cases}) - h2 % 3600 AS opened,
          ((i > ${b.cases} * 0.9 AND h3 % 100 < 85) OR h3 % 1000 < 60) AS open,
          CASE WHEN h4 % 100 < 50 THEN 'repair' WHEN h4 % 100 < 70 THEN 'field_visit'
               WHEN h4 % 100 < 85 THEN 'inquiry' WHEN h4 % 100 < 90 THEN 'return' ELSE 'complaint' END AS kind,
          CASE WHEN h5 % 100 < 5 THEN 'critical' WHEN h5 % 100 < 25 THEN 'high'
               WHEN h5 % 100 < 85 THEN 'normal' ELSE 'low' END AS severity
        FROM (
          SELECT i, abs(hashint4(i)) AS h1, abs(hashint4(i + 1000000007)) AS h2, abs(hashint4(i * 3 + 17)) AS h3,
                 abs(hashint4(i * 5 + 29)) AS h4, abs(hashint4(i * 7 + 41)) AS h5
          FROM generate_series(${b.from}::int, ${b.to}::int) AS i) r) g`.execute(trx);
    // The template's clocks, one per target, and who is who in the demo.
    await sql`
      CREATE TEMP TABLE gen_clock ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY target) AS k, side, agreement_id, agreement_version, owed_by, ref, target,
        duration, clock_type, calendar_key, calendar_version, pause_while, target_seconds
      FROM case_clocks WHERE tenant_id = ${t} AND case_id = ${b.templateCaseId}`.execute(trx);
    await sql`
      CREATE TEMP TABLE gen_clocks ON COMMIT DROP AS
      SELECT g.case_id, g.i, c.*, g.opened AS started_at, g.opened + c.target_seconds AS due,
        CASE
          WHEN NOT g.open THEN CASE WHEN (g.h2 + c.k) % 10 < 8 THEN 'met' ELSE 'breached' END
          WHEN g.state = 'waiting_on_customer' AND c.target = 'resolution' THEN 'paused'
          WHEN g.opened + c.target_seconds <= ${b.now} THEN 'breached'
          ELSE 'running' END AS status
      FROM gen g CROSS JOIN gen_clock c
      WHERE g.kind <> 'inquiry' OR c.target = 'response'`.execute(trx);
    // Each case's risk (migration 0015's columns), as the trigger would keep it.
    await sql`
      CREATE TEMP TABLE gen_risk ON COMMIT DROP AS
      SELECT case_id, min(due) FILTER (WHERE status = 'running') AS due,
        (array_agg(calendar_key || '@' || calendar_version ORDER BY due) FILTER (WHERE status = 'running'))[1] AS cal,
        bool_or(status = 'breached') AS breach
      FROM gen_clocks GROUP BY case_id`.execute(trx);
    const ids = await sql<{ brand: string; agents: string[]; partners: string[] }>`
      SELECT (SELECT home_party_id FROM tenants WHERE tenant_id = ${t}) AS brand,
        (SELECT array_agg(user_id ORDER BY email) FROM users WHERE tenant_id = ${t} AND role IN ('agent', 'manager')) AS agents,
        (SELECT array_agg(party_id ORDER BY key) FROM parties WHERE tenant_id = ${t} AND 'service_partner' = ANY (roles)) AS partners
    `.execute(trx);
    const { brand, agents, partners } = ids.rows[0]!;

    await sql`
      INSERT INTO cases (tenant_id, case_id, number, kind, severity, state, customer_party_id, unit_id, description,
        channel, site_not_accessible, safety_issue, threats, failure, assigned_user_id, service_party_id, decision,
        opened_at, opened_by_user_id, updated_at, failure_confirmed_at, merged_into_case_id,
        risk_due_at, risk_calendar, has_breach)
      SELECT ${t}::uuid, g.case_id,
        'C-' || CASE WHEN g.num < 1000000 THEN lpad(g.num::text, 6, '0') ELSE g.num::text END,
        g.kind, g.severity, g.state,
        md5(${t}::text || 'p' || (1 + g.unit_n % ${b.customers}))::uuid,
        md5(${t}::text || 'u' || g.unit_n)::uuid,
        (ARRAY['Compressor trips on start, alarm E-07 on the panel.','No cooling since this morning; fan runs.',
               'Water leaking under the unit after defrost.','Noise from the condenser at night.',
               'Controller shows E-12 and restarts.','Customer asks how to book the yearly maintenance.'])[1 + g.h1 % 6]
          || ' 压缩机/制冷问题 #' || g.i,
        (ARRAY['phone','email','portal','api'])[1 + g.h2 % 4], false, g.h5 % 500 = 0, '{}',
        CASE WHEN g.kind IN ('repair','field_visit') THEN '{"partCategory":"compressor","cause":"manufacturing_defect"}'::jsonb END,
        CASE WHEN g.h3 % 10 < 7 THEN (${agents}::uuid[])[1 + g.h4 % cardinality(${agents}::uuid[])] END,
        CASE WHEN g.kind IN ('repair','field_visit') AND g.h1 % 2 = 0
             THEN (${partners}::uuid[])[1 + g.h5 % cardinality(${partners}::uuid[])] END,
        NULL,
        to_timestamp(g.opened), NULL,
        to_timestamp(CASE WHEN g.open THEN g.opened + 3600 ELSE g.opened + 86400 * (1 + g.h4 % 20) END),
        CASE WHEN g.kind IN ('repair','field_visit') AND NOT g.open AND g.h2 % 10 < 6 THEN to_timestamp(g.opened + 86400) END,
        NULL,
        coalesce(r.due, 253402300799), r.cal, coalesce(r.breach, false)
      FROM gen g LEFT JOIN gen_risk r ON r.case_id = g.case_id`.execute(trx);
    await sql`
      INSERT INTO case_clocks (tenant_id, case_id, clock_id, side, agreement_id, agreement_version, owed_by, ref, target,
        duration, clock_type, calendar_key, calendar_version, pause_while, target_seconds, started_at, pauses,
        stopped_at, due_at, status, warned_at, breach_recorded_at, next_check_at)
      SELECT ${t}::uuid, k.case_id, md5(${t}::text || 'k' || k.i || '-' || k.k)::uuid, k.side, k.agreement_id,
        k.agreement_version, k.owed_by, k.ref, k.target, k.duration, k.clock_type, k.calendar_key, k.calendar_version,
        k.pause_while, k.target_seconds, k.started_at,
        CASE WHEN k.status = 'paused' THEN jsonb_build_array(jsonb_build_object('from', k.started_at + 3600, 'to', NULL)) ELSE '[]'::jsonb END,
        CASE WHEN k.status = 'met' THEN k.started_at + k.target_seconds / 2 + (k.i % 1000)
             WHEN k.status = 'breached' AND k.due < ${b.now} - 86400 * 30 THEN k.due + 3600 END,
        CASE WHEN k.status = 'paused' THEN NULL ELSE k.due END,
        k.status,
        CASE WHEN k.status IN ('breached') THEN k.due - k.target_seconds / 4 END,
        CASE WHEN k.status = 'breached' THEN k.due + 60 END,
        CASE WHEN k.status = 'running' THEN k.due - k.target_seconds / 4 END
      FROM gen_clocks k`.execute(trx);
    // Two entries per case: the opening and the customer's message.
    await sql`
      INSERT INTO timeline_entries (tenant_id, seq, entry_type, subject_type, subject_id, recorded_at, material, payload, prev_hash, hash)
      SELECT ${t}::uuid, ${seq0}::bigint + (g.i - ${b.from}) * 2 + e.n,
        CASE e.n WHEN 1 THEN 'case.opened' ELSE 'case.message_received' END, 'case', g.case_id::text,
        to_timestamp(g.opened + (e.n - 1) * 1800),
        '{"generated":true,"seq":' || (${seq0}::bigint + (g.i - ${b.from}) * 2 + e.n) || ',"subject":"' || g.case_id || '"}',
        CASE e.n WHEN 1 THEN '{"kind":"' || g.kind || '","severity":"' || g.severity || '","number":"C-' || g.num || '"}'
                 ELSE '{"body":"Any news? 有进展吗？","direction":"in"}' END,
        md5(g.i || 'prev' || e.n) || md5(g.i || 'prev2' || e.n), md5(g.i || 'hash' || e.n) || md5(g.i || 'hash2' || e.n)
      FROM gen g CROSS JOIN (VALUES (1), (2)) AS e(n)`.execute(trx);
    await sql`
      INSERT INTO case_messages (tenant_id, case_id, message_id, direction, visibility, body, author_user_id, channel, evidence_seq, created_at)
      SELECT ${t}::uuid, g.case_id, md5(${t}::text || 'm' || g.i || '-' || e.n)::uuid,
        CASE e.n WHEN 1 THEN 'in' ELSE 'out' END, 'public',
        CASE e.n WHEN 1 THEN 'Any news on the repair? 请问维修有进展吗？' ELSE 'A technician is booked. 已安排技术员上门。' END,
        NULL, 'email', ${seq0}::bigint + (g.i - ${b.from}) * 2 + 2, to_timestamp(g.opened + e.n * 1800)
      FROM gen g CROSS JOIN (VALUES (1), (2)) AS e(n)`.execute(trx);
    await sql`
      UPDATE timeline_heads SET seq = ${seq0}::bigint + (${b.to}::bigint - ${b.from}::bigint + 1) * 2,
        hash = md5(${b.to}::text || 'hash2') || md5(${b.to}::text || 'hash2')
      WHERE tenant_id = ${t}`.execute(trx);
    await sql`
      INSERT INTO repairs (tenant_id, repair_id, number, case_id, unit_id, service_party_id, state, part_category, cause,
        decision, repeat, result, result_note, opened_at, completed_at, updated_at)
      SELECT ${t}::uuid, md5(${t}::text || 'r' || g.i)::uuid, 'R-G' || g.i, g.case_id,
        md5(${t}::text || 'u' || g.unit_n)::uuid, NULL,
        CASE WHEN g.open THEN 'open' ELSE 'completed' END, 'compressor', 'manufacturing_defect', NULL, NULL,
        CASE WHEN g.open THEN NULL ELSE 'fixed' END, NULL,
        to_timestamp(g.opened + 3600), CASE WHEN g.open THEN NULL ELSE to_timestamp(g.opened + 86400 * 3) END,
        to_timestamp(g.opened + 86400 * 3)
      FROM gen g WHERE g.kind = 'repair'`.execute(trx);
    await sql`
      INSERT INTO returns (tenant_id, return_id, number, case_id, unit_id, customer_party_id, reason, conditions,
        requested_at, decide_by, terms_check, state, updated_at, closed_at)
      SELECT ${t}::uuid, md5(${t}::text || 'x' || g.i)::uuid, 'RMA-G' || g.i, g.case_id,
        md5(${t}::text || 'u' || g.unit_n)::uuid, md5(${t}::text || 'p' || (1 + g.unit_n % ${b.customers}))::uuid,
        'performance_fault', '{}'::jsonb, to_timestamp(g.opened), NULL, '{}'::jsonb,
        CASE WHEN g.open THEN 'requested' ELSE 'closed' END, to_timestamp(g.opened + 86400),
        CASE WHEN g.open THEN NULL ELSE to_timestamp(g.opened + 86400 * 10) END
      FROM gen g WHERE g.kind = 'return'
      ON CONFLICT DO NOTHING`.execute(trx);
    await sql`
      INSERT INTO cost_lines (tenant_id, line_id, kind, amount_minor, currency, case_id, source_type, source_id,
        bearer_party_id, payee_party_id, ref, agreement_id, agreement_version, description, occurred_on, reverses_line_id, created_at)
      SELECT ${t}::uuid, md5(${t}::text || 'l' || g.i)::uuid, (ARRAY['parts','labor','travel'])[1 + g.h3 % 3],
        10000 + g.h1 % 490000, 'CNY', g.case_id, 'repair', md5(${t}::text || 'r' || g.i)::uuid,
        ${brand}::uuid,
        CASE WHEN g.h1 % 2 = 0 THEN (${partners}::uuid[])[1 + g.h5 % cardinality(${partners}::uuid[])] END,
        NULL, NULL, NULL, 'Compressor replaced under warranty',
        (to_timestamp(g.opened + 86400 * 3) AT TIME ZONE 'UTC')::date, NULL, to_timestamp(g.opened + 86400 * 3)
      FROM gen g WHERE g.kind = 'repair' AND NOT g.open`.execute(trx);
    await sql`
      INSERT INTO escalations (tenant_id, escalation_id, case_id, level, trigger, agreement_id, agreement_version, ref,
        act_within, act_by, state, raised_at, resolved_at, resolution)
      SELECT ${t}::uuid, md5(${t}::text || 'e' || g.i)::uuid, g.case_id,
        CASE WHEN g.h2 % 10 = 0 THEN 'management' ELSE 'supervisor' END, '{"breached":"onsite"}'::jsonb,
        (SELECT agreement_id FROM gen_clock LIMIT 1), (SELECT agreement_version FROM gen_clock LIMIT 1), NULL,
        'PT4H', to_timestamp(g.opened + 86400 + 14400),
        CASE WHEN g.open THEN (ARRAY['open','acknowledged'])[1 + g.h1 % 2] ELSE 'resolved' END,
        to_timestamp(g.opened + 86400), CASE WHEN g.open THEN NULL ELSE to_timestamp(g.opened + 86400 * 2) END,
        CASE WHEN g.open THEN NULL ELSE 'Handled by the supervisor.' END
      FROM gen g WHERE g.severity IN ('critical', 'high') AND g.h3 % 20 = 0`.execute(trx);
  });
}

export async function run(): Promise<void> {
  const cases = Number((argValue('cases') ?? '10000').replaceAll('_', ''));
  if (!Number.isSafeInteger(cases) || cases < 1) throw new Error('--cases takes a whole number of cases');
  const engine = argValue('engine') === 'pglite' ? 'pglite' : 'postgres';
  const keep = process.argv.includes('--keep');
  const scratch = await openScratch(engine);
  try {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const tenant = await generateTenant(scratch.deps, cases, out);
    const seconds = tenant.ms / 1000;
    out(
      `generated ${cases.toLocaleString('en-US')} cases on ${engine} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(cases / seconds).toLocaleString('en-US')} cases/s)`,
    );
    for (const [table, n] of Object.entries(tenant.rows))
      out(`  ${table.padEnd(18)} ${n.toLocaleString('en-US').padStart(12)}`);
    if (keep) out(`kept: ${scratch.url ?? '(embedded database in a temp folder)'} tenant ${tenant.tenantId}`);
  } finally {
    await scratch.close(keep);
  }
}

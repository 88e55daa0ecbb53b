/**
 * `npm run bench -- merkle` (PostgreSQL: DATABASE_URL; a scratch database is made and dropped):
 * the issue-13 figures of the Merkle log at scale, each beside a reference measured in the same run.
 *
 * 1. A tenant log of MERKLE_ENTRIES entries (default 10,000,000), generated set-based in SQL:
 *    placeholder entries (material `{"bench":…,"seq":n}`, its SHA-256 as the entry's hash, a
 *    placeholder link), their leaf hashes SHA-256(0x00 ‖ material) computed by `sha256()` in
 *    the same statement, and every stored perfect subtree built level by level from the one below
 *    (SHA-256(0x01 ‖ left ‖ right)). The links of these entries are not a chain (nothing walks
 *    them: the verification measured starts after them); the tree is real, so proofs verify. The
 *    same tree built in Node (appendLeaves, rows inserted in batches) for MERKLE_NODE_ENTRIES
 *    (default 500,000) gives the rate to compare.
 * 2. (a) inclusion proof p95 for random entries at that size, beside one node read by key;
 *    (b) 10,000 real entries appended after a head signed at that size, integrated by the
 *    sequencer, then `verifyEvidence --since` that head, beside fetching the same 10,000 rows;
 *    (c) a full verification walk of another tenant of MERKLE_WALK_ENTRIES real chained entries
 *    (default 1,000,000), beside fetching the same rows the way verification reads them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../src/app/context.ts';
import {
  inclusionProof,
  recordChanges,
  sequenceLog,
  signTreeHead,
  verifyEvidence,
} from '../src/app/evidence/index.ts';
import { loadFrontier } from '../src/app/evidence/sequence-log.ts';
import { WALK_BATCH } from '../src/app/evidence/verify-evidence.ts';
import { inTransaction } from '../src/app/transaction.ts';
import {
  appendLeaves,
  EMPTY_FRONTIER,
  type Frontier,
  verifyInclusion,
} from '../src/domain/evidence/index.ts';
import { merkleHasher } from '../src/store/merkle-hasher.ts';
import { ENGINE, openTestDatabase } from '../test/support/database.ts';
import { fmt, median, percentile } from './support/measure.ts';

const N = Number(process.env.MERKLE_ENTRIES ?? 10_000_000);
const NODE_N = Number(process.env.MERKLE_NODE_ENTRIES ?? 500_000);
const WALK_N = Number(process.env.MERKLE_WALK_ENTRIES ?? 1_000_000);
const NEW_ENTRIES = 10_000;
const SAMPLES = 1000;
const CHUNK = 1_000_000;

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;

async function makeTenant(deps: AppDeps, slug: string): Promise<string> {
  const t = randomUUID();
  await deps.db
    .insertInto('tenants')
    .values({ tenant_id: t, slug, name: slug, home_party_id: null, created_at: new Date() })
    .execute();
  return t;
}

/** Entries 1..n and every stored subtree over them, set-based; gives the time of each part. */
async function generateInSql(deps: AppDeps, t: string, n: number) {
  const db = deps.db;
  const e0 = performance.now();
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // The entry and its leaf from one generated material, in one statement per chunk. The scratch
    // database skips the per-row foreign-key check to tenants (replica role) while generating.
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`
      WITH g AS (
        SELECT s, '{"bench":"placeholder","seq":' || s || '}' AS m FROM generate_series(${from}::bigint, ${to}::bigint) s
      ), entries AS (
        INSERT INTO timeline_entries (tenant_id, seq, entry_type, subject_type, subject_id, recorded_at,
                                      material, payload, prev_hash, hash)
        SELECT ${t}::uuid, s, 'bench.placeholder', 'tenant', ${t}, now(), m, '{}', repeat('0', 64),
               encode(sha256(convert_to(m, 'UTF8')), 'hex')
          FROM g
      )
      INSERT INTO evidence_log_nodes (tenant_id, level, idx, hash)
      SELECT ${t}::uuid, 0, s - 1, encode(sha256('\\x00'::bytea || convert_to(m, 'UTF8')), 'hex') FROM g
    `.execute(trx);
    });
    out(`    ${fmt(to)} entries`);
  }
  const entriesMs = performance.now() - e0;
  const n0 = performance.now();
  for (let level = 1; 2 ** level <= n; level++) {
    // One ordered pass over the level below (its primary key): each complete pair makes its parent.
    await sql`
      INSERT INTO evidence_log_nodes (tenant_id, level, idx, hash)
      SELECT ${t}::uuid, ${level}::smallint, idx / 2,
             encode(sha256('\\x01'::bytea || string_agg(decode(hash, 'hex'), ''::bytea ORDER BY idx)), 'hex')
        FROM evidence_log_nodes
       WHERE tenant_id = ${t}::uuid AND level = ${level - 1}::smallint
       GROUP BY idx / 2
      HAVING count(*) = 2
    `.execute(db);
  }
  const treeMs = performance.now() - n0;
  // The log's state and the chain head as the sequencer and the appends expect them.
  const frontier = await frontierOf(deps, t, n);
  const root = appendLeaves(merkleHasher, frontier, []).root;
  const last = await db
    .selectFrom('timeline_entries')
    .select('hash')
    .where('tenant_id', '=', t)
    .where('seq', '=', n)
    .executeTakeFirstOrThrow();
  await db.insertInto('timeline_heads').values({ tenant_id: t, seq: n, hash: last.hash! }).execute();
  // The tenant's entry numbers go on after the generated ones (migration 0045's sequence).
  await sql`SELECT servicebook_restart_sequences(${t}::uuid, 0)`.execute(db);
  await db
    .insertInto('evidence_logs')
    .values({ tenant_id: t, tree_size: n, root_hash: root, lease_holder: null, lease_expires_at: null })
    .execute();
  await sql`ANALYZE timeline_entries; ANALYZE evidence_log_nodes`.execute(db);
  return { entriesMs, treeMs };
}

/** The right edge of the stored tree at size n (the perfect subtrees of n's binary digits). */
async function frontierOf(deps: AppDeps, t: string, n: number): Promise<Frontier> {
  return loadFrontier(deps.db, t, n);
}

/** The same tree built in Node: leaves hashed, subtrees made by appendLeaves, rows inserted in batches. */
async function generateInNode(deps: AppDeps, t: string, n: number): Promise<number> {
  let frontier: Frontier = EMPTY_FRONTIER;
  const started = performance.now();
  for (let at = 0; at < n; at += 10_000) {
    const leaves = Array.from({ length: Math.min(10_000, n - at) }, (_, i) =>
      merkleHasher.leaf(`{"bench":"placeholder","seq":${at + i + 1}}`),
    );
    const grown = appendLeaves(merkleHasher, frontier, leaves);
    frontier = grown.frontier;
    for (let i = 0; i < grown.created.length; i += 5000)
      await deps.db
        .insertInto('evidence_log_nodes')
        .values(
          grown.created
            .slice(i, i + 5000)
            .map((node) => ({ tenant_id: t, level: node.level, idx: node.index, hash: node.hash })),
        )
        .execute();
  }
  return performance.now() - started;
}

const system = { userId: null, authenticatedBy: 'system' as const };

/** Real entries through the append path, `perTransaction` at a time. */
async function appendReal(deps: AppDeps, t: string, count: number, perTransaction: number) {
  for (let from = 0; from < count; from += perTransaction) {
    const k = Math.min(perTransaction, count - from);
    await inTransaction(deps, (trx) =>
      recordChanges(
        deps,
        trx,
        { tenantId: t, ...system },
        Array.from({ length: k }, (_, i) => ({
          type: 'case.note_added',
          subject: { type: 'tenant' as const, id: t },
          payload: {
            body: `Compressor trips on start, entry ${from + i}; chilled water at 14 °C, alarm E-07 on the panel. 压缩机启动跳闸，冷冻水温度 14 °C。`,
            visibility: 'internal',
            attachments: [],
          },
        })),
      ),
    );
  }
}

/** The rows verification reads after `afterSeq`, fetched the way it fetches them, with no checks. */
async function fetchRows(deps: AppDeps, t: string, afterSeq: number): Promise<number> {
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      let n = 0;
      await sql`
        DECLARE bench_entries NO SCROLL CURSOR FOR
        SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
        FROM timeline_entries WHERE tenant_id = ${t} AND seq > ${afterSeq} ORDER BY seq`.execute(trx);
      for (;;) {
        const { rows } = await sql`FETCH ${sql.raw(String(WALK_BATCH))} FROM bench_entries`.execute(trx);
        n += rows.length;
        if (rows.length < WALK_BATCH) break;
      }
      return n;
    });
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const at = performance.now();
  const value = await work();
  return { ms: performance.now() - at, value };
}

export async function run(): Promise<void> {
  if (ENGINE !== 'postgres') {
    out('merkle: needs PostgreSQL (DATABASE_URL); skipped');
    return;
  }
  const db = await openTestDatabase();
  const deps = db.deps;
  try {
    // 1. The log at N, in SQL; the Node rate beside it.
    const big = await makeTenant(deps, 'bench-merkle');
    const sqlGen = await generateInSql(deps, big, N);
    out(
      `generated in SQL: ${fmt(N)} entries with their leaves ${seconds(sqlGen.entriesMs)}, ` +
        `the subtrees above ${seconds(sqlGen.treeMs)}: ${fmt((N / (sqlGen.entriesMs + sqlGen.treeMs)) * 1000)} entries/s`,
    );
    const nodeTenant = await makeTenant(deps, 'bench-merkle-node');
    const nodeMs = await generateInNode(deps, nodeTenant, NODE_N);
    out(
      `reference, the tree alone built in Node (appendLeaves, batched inserts): ${fmt(NODE_N)} entries ${seconds(nodeMs)}: ` +
        `${fmt((NODE_N / nodeMs) * 1000)} entries/s`,
    );
    await deps.db.deleteFrom('evidence_log_nodes').where('tenant_id', '=', nodeTenant).execute();

    // (a) Inclusion proofs at N.
    const root = (
      await deps.db
        .selectFrom('evidence_logs')
        .select('root_hash')
        .where('tenant_id', '=', big)
        .executeTakeFirstOrThrow()
    ).root_hash;
    const proofs: number[] = [];
    const reads: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const seq = 1 + Math.floor(Math.random() * N);
      const p = await timed(() => inclusionProof(deps, big, seq, N));
      proofs.push(p.ms);
      if (!verifyInclusion(merkleHasher, p.value.leafHash, seq - 1, N, p.value.path, root))
        throw new Error(`inclusion proof of ${seq} does not verify`);
      const r = await timed(() =>
        deps.db
          .selectFrom('evidence_log_nodes')
          .select('hash')
          .where('tenant_id', '=', big)
          .where('level', '=', 0)
          .where('idx', '=', seq - 1)
          .executeTakeFirst(),
      );
      reads.push(r.ms);
    }
    proofs.sort((a, b) => a - b);
    reads.sort((a, b) => a - b);
    out(
      `(a) inclusion proof at ${fmt(N)} (${SAMPLES} random entries, each verified): p50 ${fmt(percentile(proofs, 50), 2)} ms, ` +
        `p95 ${fmt(percentile(proofs, 95), 2)} ms (target < 5 ms); reference, one node by key: p50 ` +
        `${fmt(percentile(reads, 50), 2)} ms, p95 ${fmt(percentile(reads, 95), 2)} ms`,
    );

    // (b) 10,000 new entries after a head signed at N, verified from that head.
    const head = await signTreeHead(deps, big);
    if (!head || head.treeSize !== N) throw new Error(`no head at ${N}`);
    const appended = await timed(() => appendReal(deps, big, NEW_ENTRIES, 500));
    const integrated = await timed(() => sequenceLog(deps, big));
    if (integrated.value !== NEW_ENTRIES) throw new Error(`integrated ${integrated.value}`);
    out(
      `    appended ${fmt(NEW_ENTRIES)} real entries in ${seconds(appended.ms)}, integrated by the sequencer in ${seconds(integrated.ms)}`,
    );
    const pins = { keys: [deps.evidenceSigner.fingerprint], since: head };
    const first = await verifyEvidence(deps, big, pins);
    if (!first.ok || first.entries !== NEW_ENTRIES)
      throw new Error(`incremental verification: ${JSON.stringify(first)}`);
    const incremental: number[] = [];
    const fetched: number[] = [];
    for (let k = 0; k < 3; k++) {
      incremental.push((await timed(() => verifyEvidence(deps, big, pins))).ms);
      fetched.push((await timed(() => fetchRows(deps, big, N))).ms);
    }
    out(
      `(b) verification --since the head at ${fmt(N)}, ${fmt(NEW_ENTRIES)} new entries: ${fmt(median(incremental))} ms ` +
        `(target < 1 s); reference, the same rows fetched without checks: ${fmt(median(fetched))} ms`,
    );

    // (c) A full walk of real chained entries against fetching them.
    const walkTenant = await makeTenant(deps, 'bench-merkle-walk');
    const made = await timed(() => appendReal(deps, walkTenant, WALK_N, 2000));
    await sequenceLog(deps, walkTenant);
    await signTreeHead(deps, walkTenant);
    await sql`ANALYZE timeline_entries`.execute(deps.db);
    out(`    appended ${fmt(WALK_N)} real chained entries in ${seconds(made.ms)}`);
    const full = await verifyEvidence(deps, walkTenant);
    if (!full.ok || full.entries !== WALK_N) throw new Error(`full walk: ${JSON.stringify(full)}`);
    await fetchRows(deps, walkTenant, 0);
    const walks: number[] = [];
    const fetches: number[] = [];
    for (let k = 0; k < 3; k++) {
      walks.push((await timed(() => verifyEvidence(deps, walkTenant))).ms);
      fetches.push((await timed(() => fetchRows(deps, walkTenant, 0))).ms);
    }
    const walk = median(walks);
    const fetch = median(fetches);
    out(
      `(c) full verification walk of ${fmt(WALK_N)} entries: ${fmt(walk)} ms; reference, the same rows fetched ` +
        `without checks: ${fmt(fetch)} ms: ${(fetch / walk).toFixed(2)}x the fetch's speed (target ≥ 0.8x)`,
    );
  } finally {
    await db.close();
  }
}

/**
 * `npm run bench -- timeline-partition` (PostgreSQL: DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; a scratch database is made, migrated and dropped):
 * issue 21, DESIGN.md's "the timeline is partitioned by month", measured.
 *
 * Two copies of the same evidence timeline, TIMELINE_ENTRIES entries (default 10,000,000) over
 * 36 months, one big tenant (40 % of the entries) and TIMELINE_TENANTS − 1 small ones sharing the
 * rest, interleaved in arrival order as a shared database receives them:
 *   (A) `timeline_entries` itself, as the migrations make it (primary key (tenant_id, seq), index
 *       timeline_by_subject (tenant_id, subject_type, subject_id, seq), the foreign key to tenants,
 *       the hash checks, the append-only triggers);
 *   (B) `timeline_by_month`, the same columns, checks, foreign key, triggers and indexes, declared
 *       `PARTITION BY RANGE (recorded_at)` with one partition per month (38: the 36 months, this one
 *       and the next). Its primary key has to include the partition key: (tenant_id, seq, recorded_at).
 * Entries are generated set-based in SQL (material ~400 bytes shaped like the canonical header,
 * payload ~300 bytes, gapless seq per tenant rising with recorded_at, placeholder hashes: nothing
 * walks the chain here), into A with its two indexes dropped and built again after the load, then
 * copied into B in A's physical order (block ranges), its indexes built after the load too.
 *
 * Then, reads interleaved A / B / reference sample by sample (p50 / p95, each beside a primary-key
 * read of A in the same run): a case's activity (the query of app/case/case-activity.ts), the
 * latest 50 entries of a tenant, the sequencer's next 500 (seq > X ORDER BY seq LIMIT 500), an
 * entry by (tenant_id, seq) (the chain's and the dossier's way); a verification-style cursor walk
 * of TIMELINE_WALK entries (default 1,000,000) of the big tenant in seq order; single-row appends
 * each in its own transaction; sizes; VACUUM (the first, freezing, after the load; a routine one
 * after the appends, plain and with ANALYZE); dropping the oldest month (B: DETACH + DROP; A: DELETE + VACUUM); and whether
 * each copy still refuses a second entry with the same (tenant_id, seq).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openScratch } from './generate.ts';
import { fmt, median, percentile } from './support/measure.ts';

const N = Number(process.env.TIMELINE_ENTRIES ?? 10_000_000);
const TENANTS = Math.max(2, Number(process.env.TIMELINE_TENANTS ?? 200));
const WALK = Number(process.env.TIMELINE_WALK ?? 1_000_000);
const SAMPLES = Number(process.env.TIMELINE_SAMPLES ?? 400);
const APPENDS = Number(process.env.TIMELINE_APPENDS ?? 1000);
const MONTHS = 36;
const CHUNK = 500_000;
const BIG_SHARE = 2; // of every 5 entries

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const A = 'timeline_entries';
const B = 'timeline_by_month';

/** Entries the generator gives tenant index `k` among the first n (the pattern of `generate`). */
function entriesOf(k: number, n: number): number {
  const q = Math.floor(n / 5);
  const rest = n % 5;
  if (k === 0) return q * BIG_SHARE + Math.min(rest, BIG_SHARE);
  const smallTotal = q * (5 - BIG_SHARE) + Math.max(0, rest - BIG_SHARE);
  const s = TENANTS - 1;
  return Math.floor(smallTotal / s) + (k - 1 < smallTotal % s ? 1 : 0);
}

function monthStart(base: Date, add: number): Date {
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + add, 1));
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const at = performance.now();
  const value = await work();
  return { ms: performance.now() - at, value };
}

const TYPES = [
  'case.opened',
  'case.status_changed',
  'case.message_received',
  'case.reply_sent',
  'case.note_added',
  'case.assigned',
  'case.clock_paused',
  'case.decided',
];

/** Rows i in [from, to) of the generated timeline, as a SELECT of the table's columns. */
function generatorSql(from: number, to: number, start: Date, end: Date): string {
  const s = TENANTS - 1;
  return `
    WITH g AS (
      SELECT i,
             CASE WHEN i % 5 < ${BIG_SHARE} THEN 0
                  ELSE 1 + ((i / 5) * ${5 - BIG_SHARE} + (i % 5 - ${BIG_SHARE})) % ${s} END AS k,
             CASE WHEN i % 5 < ${BIG_SHARE} THEN (i / 5) * ${BIG_SHARE} + i % 5 + 1
                  ELSE ((i / 5) * ${5 - BIG_SHARE} + (i % 5 - ${BIG_SHARE})) / ${s} + 1 END AS seq,
             '${start.toISOString()}'::timestamptz
               + (i::float8 / ${N}) * ('${end.toISOString()}'::timestamptz - '${start.toISOString()}'::timestamptz) AS at
        FROM generate_series(${from}::bigint, ${to - 1}::bigint) i
    ), h AS (
      SELECT g.*, t.tenant_id,
             CASE WHEN seq % 20 < 16 THEN 'case' WHEN seq % 20 < 19 THEN 'unit' ELSE 'tenant' END AS subject_type,
             -- a case gathers ~20 entries over a window of its tenant's entries (days to weeks)
             (seq + (seq * 7919) % (CASE WHEN g.k = 0 THEN 20000 ELSE 500 END)) / 20 AS c
        FROM g JOIN bench_tenants t ON t.k = g.k
    ), e AS (
      SELECT h.*,
             CASE subject_type WHEN 'tenant' THEN tenant_id::text
                  ELSE md5(k || ':' || subject_type || ':' || CASE subject_type WHEN 'case' THEN c ELSE c / 7 END)::uuid::text
             END AS subject_id,
             CASE subject_type WHEN 'case' THEN (ARRAY['${TYPES.join("','")}'])[(1 + (seq * 31) % ${TYPES.length})::int]
                  WHEN 'unit' THEN 'unit.maintenance_recorded' ELSE 'agreement.published' END AS entry_type,
             to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso,
             '{"attachments":[],"body":"Compressor trips on start, entry ' || seq
               || '; chilled water at 14 °C, alarm E-07 on the panel. 压缩机启动跳闸，冷冻水温度 14 °C。 Technician on site, '
               || 'replaced the contactor and checked the refrigerant charge.","visibility":"internal"}' AS payload
        FROM h
    )
    SELECT tenant_id, seq, entry_type, subject_type, subject_id, at AS recorded_at,
           '{"occurredAt":"' || iso || '","payloadSha256":"' || md5(payload) || md5(seq::text || payload)
             || '","prevHash":"' || md5(tenant_id::text || (seq - 1)) || md5((seq - 1) || tenant_id::text)
             || '","recordedAt":"' || iso || '","seq":' || seq || ',"subject":{"id":"' || subject_id
             || '","type":"' || subject_type || '"},"tenantId":"' || tenant_id || '","type":"' || entry_type
             || '","v":1}' AS material,
           payload,
           md5(tenant_id::text || (seq - 1)) || md5((seq - 1) || tenant_id::text) AS prev_hash,
           md5(tenant_id::text || seq) || md5(seq || tenant_id::text) AS hash
      FROM e`;
}

interface Sizes {
  heap: number;
  indexes: number;
  total: number;
}

async function sizesOf(c: pg.Client, table: string): Promise<Sizes> {
  const { rows } = await c.query<{ heap: string; indexes: string; total: string }>(
    `SELECT sum(pg_relation_size(relid))::bigint AS heap, sum(pg_indexes_size(relid))::bigint AS indexes,
            sum(pg_total_relation_size(relid))::bigint AS total
       FROM (SELECT relid FROM pg_partition_tree($1::regclass) UNION SELECT $1::regclass) t`,
    [table],
  );
  const r = rows[0]!;
  return { heap: Number(r.heap), indexes: Number(r.indexes), total: Number(r.total) };
}

const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

async function uptime(): Promise<string> {
  const os = await import('node:os');
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

export async function run(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!process.env.DATABASE_URL.startsWith('postgres')) {
    out('timeline-partition: needs PostgreSQL (DATABASE_URL); skipped');
    return;
  }
  const scratch = await openScratch('postgres');
  const c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  const q = (text: string, values?: unknown[]) => c.query(text, values);
  try {
    out(`load average at start: ${await uptime()}; ${fmt(N)} entries, ${TENANTS} tenants`);
    const now = new Date();
    const first = monthStart(now, -MONTHS);
    const current = monthStart(now, 0);

    // Tenants: index 0 is the big one.
    await q('CREATE TABLE bench_tenants (k int PRIMARY KEY, tenant_id uuid NOT NULL)');
    const tenantIds = Array.from({ length: TENANTS }, () => randomUUID());
    await q(
      `INSERT INTO tenants (tenant_id, slug, name, home_party_id, created_at)
       SELECT id, 'bench-' || k, 'bench ' || k, NULL, now() FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, k)`,
      [tenantIds],
    );
    await q(
      'INSERT INTO bench_tenants SELECT k - 1, id FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, k)',
      [tenantIds],
    );
    const big = tenantIds[0]!;
    const count = (k: number) => entriesOf(k, N);

    // (B) declared like A, partitioned by month.
    await q(
      `CREATE TABLE ${B} (LIKE ${A} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (recorded_at)`,
    );
    await q(`ALTER TABLE ${B} ADD FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)`);
    for (let m = 0; m < MONTHS + 2; m++) {
      const from = monthStart(first, m);
      const to = monthStart(first, m + 1);
      const name = `${B}_${from.toISOString().slice(0, 7).replace('-', '_')}`;
      await q(
        `CREATE TABLE ${name} PARTITION OF ${B} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
    }
    await q(`CREATE TRIGGER ${B}_append_only BEFORE UPDATE OR DELETE ON ${B}
               FOR EACH ROW EXECUTE FUNCTION refuse_entry_change_but_redaction()`);
    await q(`CREATE TRIGGER ${B}_no_truncate BEFORE TRUNCATE ON ${B}
               FOR EACH STATEMENT EXECUTE FUNCTION refuse_evidence_change()`);

    // Load A: its two indexes off during the load, built again after under their own names.
    const { rows: indexDefs } = await q(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '${A}' ORDER BY indexname`,
    );
    out(`  ${A} indexes: ${indexDefs.map((r) => r.indexdef).join('; ')}`);
    await q(`ALTER TABLE ${A} DROP CONSTRAINT ${A}_pkey`);
    await q('DROP INDEX timeline_by_subject');
    const loadA = await timed(async () => {
      for (let from = 0; from < N; from += CHUNK) {
        const to = Math.min(N, from + CHUNK);
        await q('BEGIN');
        await q('SET LOCAL session_replication_role = replica');
        await q(`INSERT INTO ${A} ${generatorSql(from, to, first, current)}`);
        await q('COMMIT');
        if ((to / CHUNK) % 4 === 0 || to === N) out(`    A: ${fmt(to)} entries`);
      }
    });
    await q("SET maintenance_work_mem = '512MB'");
    const indexA = await timed(async () => {
      await q(`ALTER TABLE ${A} ADD CONSTRAINT ${A}_pkey PRIMARY KEY (tenant_id, seq)`);
      await q(`CREATE INDEX timeline_by_subject ON ${A} (tenant_id, subject_type, subject_id, seq)`);
    });
    out(`  A loaded in ${seconds(loadA.ms)}, its indexes built in ${seconds(indexA.ms)}`);

    // Load B from A in A's physical order.
    const pages = Number((await q(`SELECT pg_relation_size('${A}') / 8192 AS p`)).rows[0].p);
    const step = Math.max(1, Math.ceil(pages / Math.ceil(N / CHUNK)));
    const loadB = await timed(async () => {
      for (let p = 0; p <= pages; p += step) {
        await q('BEGIN');
        await q('SET LOCAL session_replication_role = replica');
        await q(
          `INSERT INTO ${B} SELECT * FROM ${A} WHERE ctid >= '(${p},0)'::tid AND ctid < '(${p + step},0)'::tid`,
        );
        await q('COMMIT');
      }
    });
    const indexB = await timed(async () => {
      await q(`ALTER TABLE ${B} ADD PRIMARY KEY (tenant_id, seq, recorded_at)`);
      await q(`CREATE INDEX ${B}_by_subject ON ${B} (tenant_id, subject_type, subject_id, seq)`);
    });
    out(`  B loaded in ${seconds(loadB.ms)}, its indexes built in ${seconds(indexB.ms)}`);
    await q('RESET maintenance_work_mem');
    const rowsA = Number((await q(`SELECT count(*) AS n FROM ${A}`)).rows[0].n);
    const rowsB = Number((await q(`SELECT count(*) AS n FROM ${B}`)).rows[0].n);
    if (rowsA !== N || rowsB !== N) throw new Error(`rows: A ${rowsA}, B ${rowsB}, expected ${N}`);
    const widths = (
      await q(
        `SELECT avg(length(material))::int AS m, avg(length(payload))::int AS p, avg(pg_column_size(t.*))::int AS r
           FROM ${A} t TABLESAMPLE SYSTEM (1)`,
      )
    ).rows[0];
    const partitions = Number(
      (await q(`SELECT count(*) AS n FROM pg_partition_tree('${B}') WHERE isleaf`)).rows[0].n,
    );
    out(
      `  entries: material ${widths.m} characters, payload ${widths.p}, row ${widths.r} bytes on average; ` +
        `big tenant ${fmt(count(0))} entries, ${TENANTS - 1} others ${fmt(count(1))} each; B has ${partitions} partitions`,
    );

    // First VACUUM after the load: freezes every page (the pass an aggressive vacuum makes once).
    const vacA = await timed(() => q(`VACUUM (FREEZE, ANALYZE) ${A}`));
    const vacB = await timed(() => q(`VACUUM (FREEZE, ANALYZE) ${B}`));
    out(`first VACUUM (FREEZE, ANALYZE) after the load: A ${seconds(vacA.ms)}, B ${seconds(vacB.ms)}`);
    const sizeA = await sizesOf(c, A);
    const sizeB = await sizesOf(c, B);
    out(
      `sizes: A heap ${mb(sizeA.heap)}, indexes ${mb(sizeA.indexes)}, total ${mb(sizeA.total)}; ` +
        `B heap ${mb(sizeB.heap)}, indexes ${mb(sizeB.indexes)}, total ${mb(sizeB.total)}`,
    );

    // Samples: the big tenant half the time, a small one otherwise; random positions in each.
    const pickTenant = () => (Math.random() < 0.5 ? 0 : 1 + Math.floor(Math.random() * (TENANTS - 1)));
    const randomSeq = (k: number, room = 1) => 1 + Math.floor(Math.random() * Math.max(1, count(k) - room));
    const subjects: { tenant: string; subject: string }[] = [];
    while (subjects.length < SAMPLES + 20) {
      const k = pickTenant();
      const { rows } = await q(
        `SELECT subject_type, subject_id FROM ${A} WHERE tenant_id = $1 AND seq = $2`,
        [tenantIds[k], randomSeq(k)],
      );
      if (rows[0]?.subject_type === 'case')
        subjects.push({ tenant: tenantIds[k]!, subject: rows[0].subject_id });
    }
    const excluded = "('case.message_received', 'case.reply_sent', 'case.note_added')";
    const reads: Record<string, (table: string, i: number) => [string, unknown[]]> = {
      "a case's activity (≤ 500 events, newest first)": (t, i) => [
        `SELECT seq, entry_type, payload, material, recorded_at FROM ${t}
          WHERE tenant_id = $1 AND subject_type = 'case' AND subject_id = $2 AND entry_type NOT IN ${excluded}
          ORDER BY seq DESC LIMIT 500`,
        [subjects[i]!.tenant, subjects[i]!.subject],
      ],
      'latest 50 entries of a tenant': (t, i) => [
        `SELECT seq, entry_type, subject_type, subject_id, recorded_at FROM ${t}
          WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 50`,
        [tenantIds[i % 2 === 0 ? 0 : 1 + (i % (TENANTS - 1))]],
      ],
      'latest 50, bounded to the last 31 days (pruning)': (t, i) => [
        `SELECT seq, entry_type, subject_type, subject_id, recorded_at FROM ${t}
          WHERE tenant_id = $1 AND recorded_at >= now() - interval '31 days' ORDER BY seq DESC LIMIT 50`,
        [tenantIds[i % 2 === 0 ? 0 : 1 + (i % (TENANTS - 1))]],
      ],
      'sequencer: seq > X ORDER BY seq LIMIT 500': (t, i) => {
        const k = i % 2 === 0 ? 0 : 1 + (i % (TENANTS - 1));
        return [
          `SELECT seq, material FROM ${t} WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT 500`,
          [tenantIds[k], randomSeq(k, 500)],
        ];
      },
      'one entry by (tenant_id, seq) (chain, dossier cites)': (t, i) => {
        const k = i % 2 === 0 ? 0 : 1 + (i % (TENANTS - 1));
        return [
          `SELECT seq, material, payload, hash FROM ${t} WHERE tenant_id = $1 AND seq = $2`,
          [tenantIds[k], randomSeq(k)],
        ];
      },
    };
    const reference = (): [string, unknown[]] => {
      const k = pickTenant();
      return [
        `SELECT seq, material, payload, hash FROM ${A} WHERE tenant_id = $1 AND seq = $2`,
        [tenantIds[k], randomSeq(k)],
      ];
    };
    const results: { name: string; a: number[]; b: number[]; ref: number[] }[] = [];
    out(
      `reads (${SAMPLES} samples each, A / B / reference interleaved; p50 / p95 ms; load ${await uptime()}):`,
    );
    for (const [name, make] of Object.entries(reads)) {
      const r = { name, a: [] as number[], b: [] as number[], ref: [] as number[] };
      for (let i = 0; i < SAMPLES + 20; i++) {
        const [textA, values] = make(A, i);
        const textB = textA.replaceAll(A, B);
        const [refText, refValues] = reference();
        const ta = await timed(() => q(textA, values));
        const tb = await timed(() => q(textB, values));
        const tr = await timed(() => q(refText, refValues));
        if (ta.value.rowCount !== tb.value.rowCount)
          throw new Error(`${name}: A ${ta.value.rowCount} rows, B ${tb.value.rowCount}`);
        if (i < 20) continue; // warm-up
        r.a.push(ta.ms);
        r.b.push(tb.ms);
        r.ref.push(tr.ms);
      }
      for (const list of [r.a, r.b, r.ref]) list.sort((x, y) => x - y);
      results.push(r);
      const p = (l: number[]) => `${fmt(percentile(l, 50), 2)} / ${fmt(percentile(l, 95), 2)}`;
      out(`  ${name}: A ${p(r.a)}, B ${p(r.b)}; reference, A's primary key ${p(r.ref)}`);
    }
    for (const [name, make] of Object.entries(reads)) {
      const [text, values] = make(A, 0);
      for (const table of [A, B]) {
        const plan = await q(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON) ${text.replaceAll(A, table)}`,
          values,
        );
        const lines = plan.rows.map((row) => row['QUERY PLAN'] as string);
        const scans = lines.filter((l) => /Index( Only)? Scan/.test(l)).length;
        const buffers = lines.find((l) => l.includes('Buffers:'))?.trim() ?? '';
        const planning = lines.find((l) => l.startsWith('Planning Time'))?.trim() ?? '';
        out(`    plan ${table === A ? 'A' : 'B'}, ${name}: ${scans} index scans; ${buffers}; ${planning}`);
      }
    }

    // The verification walk: the big tenant's entries in seq order through a cursor.
    const walkN = Math.min(WALK, count(0));
    const walkFrom = count(0) - walkN;
    const walk = async (table: string) => {
      await q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await q(
        `DECLARE bench_walk NO SCROLL CURSOR FOR
           SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
             FROM ${table} WHERE tenant_id = $1 AND seq > $2 ORDER BY seq`,
        [big, walkFrom],
      );
      let n = 0;
      for (;;) {
        const { rows } = await q('FETCH 2000 FROM bench_walk');
        n += rows.length;
        if (rows.length < 2000) break;
      }
      await q('COMMIT');
      if (n !== walkN) throw new Error(`walk of ${table}: ${n} entries`);
    };
    const walksA: number[] = [];
    const walksB: number[] = [];
    for (let k = 0; k < 3; k++) {
      walksA.push((await timed(() => walk(A))).ms);
      walksB.push((await timed(() => walk(B))).ms);
    }
    out(
      `verification walk, ${fmt(walkN)} entries of the big tenant in seq order (cursor, 2,000 a fetch; median of 3): ` +
        `A ${seconds(median(walksA))}, B ${seconds(median(walksB))} (runs A ${walksA.map((m) => fmt(m)).join(', ')} ms; ` +
        `B ${walksB.map((m) => fmt(m)).join(', ')} ms; load ${await uptime()})`,
    );

    // Appends: one entry a transaction, at the big tenant's head, A and B alternating.
    const insert = (table: string, seq: number) =>
      q(
        `INSERT INTO ${table} (tenant_id, seq, entry_type, subject_type, subject_id, recorded_at, material, payload, prev_hash, hash)
         VALUES ($1, $2, 'case.note_added', 'case', $3, now(), $4, $5, $6, $7)`,
        [
          big,
          seq,
          subjects[seq % subjects.length]!.subject,
          `{"bench":"append","seq":${seq},"pad":"${'x'.repeat(360)}"}`,
          `{"body":"appended ${seq} ${'y'.repeat(270)}"}`,
          'a'.repeat(64),
          'b'.repeat(64),
        ],
      );
    const appendsA: number[] = [];
    const appendsB: number[] = [];
    let seq = count(0);
    const appended = await timed(async () => {
      for (let i = 0; i < APPENDS; i++) {
        seq++;
        appendsA.push((await timed(() => insert(A, seq))).ms);
        appendsB.push((await timed(() => insert(B, seq))).ms);
      }
    });
    appendsA.sort((x, y) => x - y);
    appendsB.sort((x, y) => x - y);
    const sum = (l: number[]) => l.reduce((x, y) => x + y, 0);
    out(
      `appends, ${fmt(APPENDS)} single-row inserts each its own transaction (p50 / p95 ms, entries/s): ` +
        `A ${fmt(percentile(appendsA, 50), 2)} / ${fmt(percentile(appendsA, 95), 2)}, ${fmt((APPENDS / sum(appendsA)) * 1000)}/s; ` +
        `B ${fmt(percentile(appendsB, 50), 2)} / ${fmt(percentile(appendsB, 95), 2)}, ${fmt((APPENDS / sum(appendsB)) * 1000)}/s ` +
        `(${seconds(appended.ms)} in all; load ${await uptime()})`,
    );

    // A routine VACUUM after the appends (what autovacuum does on an append-only table).
    const pvA = await timed(() => q(`VACUUM ${A}`));
    const pvB = await timed(() => q(`VACUUM ${B}`));
    out(`plain VACUUM after the appends: A ${fmt(pvA.ms)} ms, B ${fmt(pvB.ms)} ms`);
    const rvA = await timed(() => q(`VACUUM (ANALYZE) ${A}`));
    const rvB = await timed(() => q(`VACUUM (ANALYZE) ${B}`));
    out(`routine VACUUM (ANALYZE) after the appends: A ${fmt(rvA.ms)} ms, B ${fmt(rvB.ms)} ms`);

    // Uniqueness of (tenant_id, seq): a second entry numbered 1 for the big tenant, a month later.
    const duplicate = async (table: string) => {
      try {
        await q(
          `INSERT INTO ${table} SELECT tenant_id, seq, entry_type, subject_type, subject_id, recorded_at + interval '40 days',
                  material, payload, prev_hash, hash FROM ${A} WHERE tenant_id = $1 AND seq = 1`,
          [big],
        );
        return 'accepted';
      } catch (error) {
        return `refused (${(error as { code?: string }).code})`;
      }
    };
    out(
      `a second entry (big tenant, seq 1, 40 days later): A ${await duplicate(A)}, B ${await duplicate(B)}`,
    );

    // The maintenance partitioning is for: removing the oldest month.
    const oldest = `${B}_${first.toISOString().slice(0, 7).replace('-', '_')}`;
    const boundary = monthStart(first, 1).toISOString();
    const dropB = await timed(async () => {
      await q(`ALTER TABLE ${B} DETACH PARTITION ${oldest}`);
      await q(`DROP TABLE ${oldest}`);
    });
    const deleteA = await timed(async () => {
      await q('BEGIN');
      await q('SET LOCAL session_replication_role = replica'); // past the append-only trigger
      const r = await q(`DELETE FROM ${A} WHERE recorded_at < $1`, [boundary]);
      await q('COMMIT');
      return r.rowCount;
    });
    const vacuumA = await timed(() => q(`VACUUM ${A}`));
    out(
      `removing the oldest month: B DETACH + DROP ${fmt(dropB.ms)} ms (the append-only triggers do not fire); ` +
        `A DELETE of ${fmt(deleteA.value ?? 0)} entries ${seconds(deleteA.ms)} (triggers bypassed as superuser) ` +
        `+ VACUUM ${seconds(vacuumA.ms)}`,
    );
    out(`load average at the end: ${await uptime()}`);
  } finally {
    await c.end();
    await scratch.close(process.argv.includes('--keep'));
  }
}

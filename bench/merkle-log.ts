/**
 * `npm run bench -- merkle-log`: inclusion and consistency proofs served from the stored subtrees
 * of a generated log (MERKLE_BENCH_ENTRIES leaves, default 200,000; the target is 10
 * million), each p50/p95 beside the reference of one primary-key read of one node in the same run.
 */
import { randomUUID } from 'node:crypto';
import { consistencyProof, inclusionProof } from '../src/app/evidence/index.ts';
import { appendLeaves, EMPTY_FRONTIER, type Frontier } from '../src/domain/evidence/index.ts';
import { merkleHasher } from '../src/store/merkle-hasher.ts';
import { ENGINE, openTestDatabase } from '../test/support/database.ts';

const N = Number(process.env.MERKLE_BENCH_ENTRIES ?? 200_000);
const SAMPLES = 500;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export async function run(): Promise<void> {
  const db = await openTestDatabase();
  try {
    const t = randomUUID();
    let frontier: Frontier = EMPTY_FRONTIER;
    const started = performance.now();
    for (let at = 0; at < N; at += 10_000) {
      const leaves = Array.from({ length: Math.min(10_000, N - at) }, (_, i) =>
        merkleHasher.leaf(`entry ${at + i}`),
      );
      const grown = appendLeaves(merkleHasher, frontier, leaves);
      frontier = grown.frontier;
      for (let i = 0; i < grown.created.length; i += 5000)
        await db.deps.db
          .insertInto('evidence_log_nodes')
          .values(
            grown.created
              .slice(i, i + 5000)
              .map((n) => ({ tenant_id: t, level: n.level, idx: n.index, hash: n.hash })),
          )
          .execute();
    }
    process.stdout.write(
      `${ENGINE}: generated a log of ${N} entries in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const inclusion: number[] = [];
    const consistency: number[] = [];
    const reference: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const seq = 1 + Math.floor(Math.random() * N);
      let at = performance.now();
      await inclusionProof(db.deps, t, seq, N);
      inclusion.push(performance.now() - at);
      const from = 1 + Math.floor(Math.random() * (N - 1));
      at = performance.now();
      await consistencyProof(db.deps, t, from, N);
      consistency.push(performance.now() - at);
      at = performance.now();
      await db.deps.db
        .selectFrom('evidence_log_nodes')
        .select('hash')
        .where('tenant_id', '=', t)
        .where('level', '=', 0)
        .where('idx', '=', seq - 1)
        .executeTakeFirst();
      reference.push(performance.now() - at);
    }
    const line = (name: string, v: number[]) =>
      `${name.padEnd(34)} p50 ${percentile(v, 0.5).toFixed(2)} ms   p95 ${percentile(v, 0.95).toFixed(2)} ms\n`;
    process.stdout.write(line('inclusion proof (store)', inclusion));
    process.stdout.write(line('consistency proof (store)', consistency));
    process.stdout.write(line('reference: one node by primary key', reference));
  } finally {
    await db.close();
  }
}

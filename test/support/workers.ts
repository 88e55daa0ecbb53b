import { processDueClocks, type WorkerReport } from '../../src/app/case/process-due-clocks.ts';
import { openDatabase } from '../../src/store/database.ts';
import type { DemoServer } from './http.ts';

/**
 * Two clock workers at once, the second with connections of its own as a second server process
 * would have (on PostgreSQL; PGlite has one connection): two passes each of at most `limit`
 * items side by side, then passes until neither claims anything. Gives the first four reports.
 */
export async function runTwoWorkers(server: DemoServer, limit: number): Promise<WorkerReport[]> {
  const second = server.db.databaseUrl
    ? await openDatabase({ databaseUrl: server.db.databaseUrl, poolSize: 2 })
    : undefined;
  const secondDeps = second ? { ...server.db.deps, db: second.db } : server.db.deps;
  try {
    const runs = await Promise.all([
      processDueClocks(server.db.deps, limit),
      processDueClocks(secondDeps, limit),
      processDueClocks(server.db.deps, limit),
      processDueClocks(secondDeps, limit),
    ]);
    let more = await Promise.all([processDueClocks(server.db.deps), processDueClocks(secondDeps)]);
    while (more.some((r) => r.claimed + r.deadlines.claimed > 0))
      more = await Promise.all([processDueClocks(server.db.deps), processDueClocks(secondDeps)]);
    return runs;
  } finally {
    await second?.close();
  }
}

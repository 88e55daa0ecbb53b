import { sql } from 'kysely';
import type { AppDeps } from '../context.ts';

/**
 * Retention: drops the monthly partitions of readings that ended more than `readingsDays` ago
 * (whole, no row-by-row delete), and the hourly rollups older than `rollupDays`.
 */
export async function pruneTelemetry(
  deps: Pick<AppDeps, 'db' | 'now'>,
  retention: { readingsDays: number; rollupDays: number },
): Promise<{ droppedPartitions: string[]; rollupsDeleted: number }> {
  const now = deps.now().getTime();
  const parts = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'telemetry_readings'
  `.execute(deps.db);
  const dropped: string[] = [];
  for (const { name } of parts.rows) {
    const match = /^telemetry_readings_(\d{4})m(\d{2})$/.exec(name);
    if (!match) continue;
    const end = Date.UTC(Number(match[1]), Number(match[2]), 1);
    if (end <= now - retention.readingsDays * 86_400_000) {
      await sql.raw(`DROP TABLE ${name}`).execute(deps.db);
      dropped.push(name);
    }
  }
  const deleted = await deps.db
    .deleteFrom('telemetry_rollups')
    .where('hour', '<', new Date(now - retention.rollupDays * 86_400_000))
    .executeTakeFirst();
  return { droppedPartitions: dropped, rollupsDeleted: Number(deleted.numDeletedRows) };
}

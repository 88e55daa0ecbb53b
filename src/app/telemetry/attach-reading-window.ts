import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { readingWindow } from './reading-window.ts';

const MAX_WINDOW_HOURS = 7 * 24;
const MAX_READINGS = 50_000;

/**
 * An agent attaches a window of a case's unit's readings to the case as evidence: the raw
 * readings of the metrics named (all when none), with the SHA-256 of their canonical JSON.
 */
export async function attachReadingWindow(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { from: string; to: string; metrics?: string[] | undefined; note?: string | undefined },
): Promise<{ caseId: string; readings: number; sha256: string; from: string; to: string }> {
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to)
    throw invalid([{ path: '/body/from', message: 'from must be an instant before to' }]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_HOURS * 3_600_000)
    throw invalid([{ path: '/body/to', message: `a window is at most ${MAX_WINDOW_HOURS} hours` }]);
  return inTransaction(deps, async (trx) => {
    const row = await loadVisibleCase(trx, actor, caseId);
    if (!row.unit_id) throw invalid([{ path: '/params/id', message: 'the case names no unit' }]);
    let query = trx
      .selectFrom('telemetry_readings')
      .select(['metric', 'read_at', 'value'])
      .where('tenant_id', '=', actor.tenantId)
      .where('unit_id', '=', row.unit_id)
      .where('read_at', '>=', from)
      .where('read_at', '<=', to);
    if (input.metrics?.length) query = query.where('metric', 'in', input.metrics);
    const rows = await query
      .orderBy('read_at')
      .limit(MAX_READINGS + 1)
      .execute();
    if (rows.length > MAX_READINGS)
      throw invalid([
        { path: '/body/to', message: `more than ${MAX_READINGS} readings: take a shorter window` },
      ]);
    const window = readingWindow(rows.map((r) => ({ metric: r.metric, at: r.read_at, value: r.value })));
    await recordChange(deps, trx, actor, {
      type: 'telemetry.window_attached',
      subject: { type: 'case', id: caseId },
      payload: { from: from.toISOString(), to: to.toISOString(), note: input.note ?? null, window },
    });
    return {
      caseId,
      readings: rows.length,
      sha256: window.sha256,
      from: from.toISOString(),
      to: to.toISOString(),
    };
  });
}

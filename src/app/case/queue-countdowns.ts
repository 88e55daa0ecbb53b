import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { clockView } from './case-clocks.ts';
import { visibleCases } from './case-view.ts';

export interface Countdown {
  caseId: string;
  clockId: string;
  side: 'promise' | 'commitment';
  target: string;
  owedBy: string;
  status: string;
  dueAt: string | null;
  /** Business seconds left (or overdue, as a negative number). */
  remainingSeconds: number;
  /** True while business time runs now, so a page may count the seconds down between refreshes. */
  ticking: boolean;
  calendar: { key: string; version: number; timezone: string } | null;
}

/**
 * The running clocks of the cases asked for (those the actor may see), with business time left
 * and whether it is counting now: what the queue shows as live countdowns.
 */
export async function queueCountdowns(
  deps: AppDeps,
  actor: Actor,
  caseIds: readonly string[],
): Promise<Countdown[]> {
  if (caseIds.length === 0) return [];
  const visible = await visibleCases(deps.db, actor)
    .select('cases.case_id')
    .where('cases.case_id', 'in', [...caseIds])
    .execute();
  if (visible.length === 0) return [];
  const rows = await deps.db
    .selectFrom('case_clocks')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where(
      'case_id',
      'in',
      visible.map((v) => v.case_id),
    )
    .where('stopped_at', 'is', null)
    .execute();
  const zones = new Map(
    (
      await deps.db
        .selectFrom('calendar_versions')
        .select(['calendar_key', 'version', 'timezone'])
        .where('tenant_id', '=', actor.tenantId)
        .execute()
    ).map((c) => [`${c.calendar_key}@${c.version}`, c.timezone]),
  );
  const at = Math.floor(deps.now().getTime() / 1000);
  return Promise.all(
    rows.map(async (row) => {
      const [current, later] = await Promise.all([
        clockView(deps.db, actor.tenantId, row, at),
        clockView(deps.db, actor.tenantId, row, at + 60),
      ]);
      const remaining = current.remainingSeconds > 0 ? current.remainingSeconds : -current.overdueSeconds;
      const remainingLater = later.remainingSeconds > 0 ? later.remainingSeconds : -later.overdueSeconds;
      return {
        caseId: row.case_id,
        clockId: row.clock_id,
        side: row.side,
        target: row.target,
        owedBy: row.owed_by,
        status: current.status,
        dueAt: current.dueAt,
        remainingSeconds: remaining,
        ticking: current.status !== 'paused' && remainingLater < remaining,
        calendar: current.calendar
          ? {
              ...current.calendar,
              timezone: zones.get(`${current.calendar.key}@${current.calendar.version}`) ?? 'UTC',
            }
          : null,
      };
    }),
  );
}

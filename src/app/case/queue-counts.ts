import { type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { visibleCases } from './case-view.ts';
import { breachedBy } from './list-case-queue.ts';

/** Counts stop here: the queue shows "1,000+" beyond it. */
export const COUNT_CAP = 1000;

export interface QueueCounts {
  /** Each count is exact up to `cap`; `cap + 1` means "more than cap". */
  cap: number;
  open: number;
  mine: number;
  unassigned: number;
  breached: number;
  byState: Record<string, number>;
  bySeverity: Record<string, number>;
}

type CaseQuery = SelectQueryBuilder<Database, 'cases', object>;

/**
 * The counts beside the queue's filters. Each reads at most `COUNT_CAP + 1` entries of the filter's
 * own partial index (migration 0015) and stops: at 100,000 open cases a count costs what a page
 * of a thousand rows costs, not a scan of the open cases; beyond the cap the page says "1,000+".
 */
export async function queueCounts(deps: AppDeps, actor: Actor): Promise<QueueCounts> {
  const now = Math.floor(deps.now().getTime() / 1000);
  const open = () => visibleCases(deps.db, actor).where('cases.state', 'not in', ['resolved', 'closed']);
  const capped = async (query: CaseQuery) => {
    const row = await deps.db
      .selectFrom(
        query
          .select(sql.lit(1).as('one'))
          .limit(COUNT_CAP + 1)
          .as('c'),
      )
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const states = ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] as const;
  const severities = ['critical', 'high', 'normal', 'low'] as const;
  const counts: QueueCounts = {
    cap: COUNT_CAP,
    open: await capped(open()),
    mine: await capped(open().where('cases.assigned_user_id', '=', actor.userId)),
    unassigned: await capped(open().where('cases.assigned_user_id', 'is', null)),
    breached: await capped(open().where(breachedBy(now))),
    byState: {},
    bySeverity: {},
  };
  for (const state of states)
    counts.byState[state] = await capped(visibleCases(deps.db, actor).where('cases.state', '=', state));
  for (const severity of severities)
    counts.bySeverity[severity] = await capped(open().where('cases.severity', '=', severity));
  return counts;
}

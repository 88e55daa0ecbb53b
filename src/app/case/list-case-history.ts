import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { breachedBy, type CaseListItem, caseListItem, caseListRows } from './list-case-queue.ts';

export interface HistoryItem extends CaseListItem {
  breached: boolean;
  /** When the case last changed: resolved or closed, as a rule. */
  updatedAt: string;
}

/**
 * Resolved and closed cases the actor may see, the most recently changed first, paged by cursor:
 * a customer's past requests in the portal, an agent's record of finished work. `breached` says
 * whether any of the case's clocks was breached.
 */
export async function listCaseHistory(
  deps: AppDeps,
  actor: Actor,
  filter: { limit: number; cursor?: string | undefined },
): Promise<Page<HistoryItem>> {
  const after = decodeCursor(filter.cursor, ['instant', 'uuid']);
  const now = Math.floor(deps.now().getTime() / 1000);
  let query = caseListRows(deps, actor)
    .select(['cases.updated_at', breachedBy(now).as('breached')])
    .where('cases.state', 'in', ['resolved', 'closed']);
  if (after) {
    const [at, id] = [new Date(after[0]!), after[1]!];
    query = query.where((eb) =>
      eb.or([
        eb('cases.updated_at', '<', at),
        eb.and([eb('cases.updated_at', '=', at), eb('cases.case_id', '>', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('cases.updated_at', 'desc')
    .orderBy('cases.case_id')
    .limit(filter.limit + 1)
    .execute();
  const items = rows.slice(0, filter.limit).map((r) => ({
    ...caseListItem(r),
    breached: Boolean(r.breached),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
  return pageOf(rows, filter.limit, items, (r) => [new Date(r.updated_at).toISOString(), r.case_id]);
}

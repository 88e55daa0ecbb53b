import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { loadVisibleCase } from './case-view.ts';

/** Marks the case read by the actor now: its lists stop showing it unread until something new comes. */
export async function markCaseRead(deps: AppDeps, actor: Actor, caseId: string): Promise<{ readAt: Date }> {
  await loadVisibleCase(deps.db, actor, caseId);
  const now = deps.now();
  await deps.db
    .insertInto('case_reads')
    .values({ tenant_id: actor.tenantId, user_id: actor.userId, case_id: caseId, read_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'case_id']).doUpdateSet({ read_at: now }))
    .execute();
  return { readAt: now };
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { inclusionProof, latestTreeHead, type Receipt, signTreeHead } from '../evidence/index.ts';
import { loadVisibleCase } from './case-view.ts';

/**
 * The receipt a party keeps for its case: the log's signed tree head now (signed on the spot when
 * no head covers the case's newest entry yet) and the proof that the head covers that entry. Held
 * by the customer or partner, it later shows any rewrite or truncation of the log before it.
 * Only a party that sees the case gets it (others: not found).
 */
export async function caseReceipt(deps: AppDeps, actor: Actor, caseId: string): Promise<Receipt> {
  await loadVisibleCase(deps.db, actor, caseId);
  const t = actor.tenantId;
  const newest = await deps.db
    .selectFrom('timeline_entries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', t)
    .where('subject_type', '=', 'case')
    .where('subject_id', '=', caseId)
    .executeTakeFirst();
  const seq = newest?.seq === null || newest?.seq === undefined ? null : Number(newest.seq);
  let head = await latestTreeHead(deps.db, t);
  if (!head || (seq !== null && head.treeSize < seq))
    head = await signTreeHead(deps, t, deps.timestamper ? { timestamp: deps.timestamper } : {});
  if (!head) return { kind: 'servicebook-receipt-v1', head: undefined as never };
  return {
    kind: 'servicebook-receipt-v1',
    head,
    ...(seq !== null &&
      seq <= head.treeSize && { inclusion: await inclusionProof(deps, t, seq, head.treeSize) }),
  };
}

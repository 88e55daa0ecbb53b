import { rangeNodes, rootOf } from '../../domain/evidence/index.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import type { AppDeps } from '../context.ts';
import { loadNodes, type SignedTreeHead, toTreeHead } from './sequence-log.ts';

/** A tenant's log that is not (an extension of) the head the server last signed for it. */
export interface LogRollback {
  tenantId: string;
  remembered: { treeSize: number; rootHash: string };
  found: { treeSize: number; rootHash: string | null };
}

/**
 * Compares each tenant's log with the head the server remembers signing (kept outside the
 * database): the log must be at least as long, and its tree at the remembered size must have the
 * remembered root. A log moved back (truncated, restored from an older backup, rewritten) fails.
 */
export async function findRollbacks(
  deps: Pick<AppDeps, 'db'>,
  remembered: readonly { tenantId: string; treeSize: number; rootHash: string }[],
): Promise<LogRollback[]> {
  const found: LogRollback[] = [];
  for (const head of remembered) {
    const log = await deps.db
      .selectFrom('evidence_logs')
      .select(['tree_size', 'root_hash'])
      .where('tenant_id', '=', head.tenantId)
      .executeTakeFirst();
    const size = Number(log?.tree_size ?? 0);
    const at = { treeSize: head.treeSize, rootHash: head.rootHash };
    if (size < head.treeSize) {
      found.push({
        tenantId: head.tenantId,
        remembered: at,
        found: { treeSize: size, rootHash: log?.root_hash ?? null },
      });
      continue;
    }
    const nodes = await loadNodes(deps.db, head.tenantId, rangeNodes(0, head.treeSize));
    let root: string | null;
    try {
      root = rootOf(merkleHasher, head.treeSize, (k) => nodes.get(k));
    } catch {
      root = null;
    }
    if (root !== head.rootHash)
      found.push({
        tenantId: head.tenantId,
        remembered: at,
        found: { treeSize: head.treeSize, rootHash: root },
      });
  }
  return found;
}

/** Every tenant's newest signed head (to remember outside the database). */
export async function latestTreeHeads(deps: Pick<AppDeps, 'db'>): Promise<SignedTreeHead[]> {
  const rows = await deps.db
    .selectFrom('evidence_tree_heads as h')
    .innerJoin('evidence_logs as l', 'l.tenant_id', 'h.tenant_id')
    .selectAll('h')
    .whereRef('h.tree_size', '=', (eb) =>
      eb
        .selectFrom('evidence_tree_heads as x')
        .select((x) => x.fn.max('x.tree_size').as('m'))
        .whereRef('x.tenant_id', '=', 'h.tenant_id'),
    )
    .execute();
  return rows.map(toTreeHead);
}

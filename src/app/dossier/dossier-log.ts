import type { AppDeps } from '../context.ts';
import {
  consistencyProof,
  inclusionProof,
  latestTreeHead,
  type SignedTreeHead,
  signTreeHead,
  toTreeHead,
} from '../evidence/index.ts';
import type { ChainSpan } from './dossier-record.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

/** What `log/proofs.json` holds: the head the dossier rests on and the proofs to reach it. */
export interface DossierLogProofs {
  /** The Merkle log's signed tree head covering the dossier's last entry. */
  head: SignedTreeHead;
  /** The last entry of chain.jsonl is leaf `seq - 1` of that head's tree. */
  inclusion: Awaited<ReturnType<typeof inclusionProof>>;
  /** From every earlier signed head within the span to `head`: a receipt a party kept matches one. */
  consistency: { treeSize: number; rootHash: string; proof: string[] }[];
}

/**
 * `log/proofs.json`: the signed tree head (signed now when none covers the span yet), the
 * inclusion proof of the dossier's last entry in it, and consistency proofs from each earlier
 * head since the subject's first entry, so a verifier holding any of those heads as a receipt can
 * check offline that this dossier's log extends it.
 */
export async function addLogProofs(deps: AppDeps, zip: DossierZip, scope: DossierScope, span: ChainSpan) {
  const t = scope.tenantId;
  let head = await latestTreeHead(deps.db, t);
  if (!head || head.treeSize < span.checkpoint.seq)
    head = await signTreeHead(deps, t, deps.timestamper ? { timestamp: deps.timestamper } : {});
  if (!head || head.treeSize < span.checkpoint.seq) return; // another server is sequencing: no proofs this time
  const inclusion = await inclusionProof(deps, t, span.checkpoint.seq, head.treeSize);
  const earlier = (
    await deps.db
      .selectFrom('evidence_tree_heads')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('tree_size', '>=', span.first)
      .where('tree_size', '<', head.treeSize)
      .orderBy('tree_size')
      .execute()
  ).map(toTreeHead);
  const consistency: DossierLogProofs['consistency'] = [];
  for (const h of earlier)
    consistency.push({
      treeSize: h.treeSize,
      rootHash: h.rootHash,
      proof: await consistencyProof(deps, t, h.treeSize, head.treeSize),
    });
  zip.addJson('log/proofs.json', { head, inclusion, consistency } satisfies DossierLogProofs);
}

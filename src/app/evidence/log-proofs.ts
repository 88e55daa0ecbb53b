import { consistencySpans, inclusionSpans, nodesFor, spanHashes } from '../../domain/evidence/index.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { loadNodes, type SignedTreeHead } from './sequence-log.ts';

/** The proof that entry `seq` is leaf `seq - 1` of the tree of `treeSize` (RFC 9162 §2.1.3), in one read. */
export async function inclusionProof(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  seq: number,
  treeSize: number,
): Promise<{ seq: number; leafIndex: number; treeSize: number; leafHash: string; path: string[] }> {
  if (seq < 1 || seq > treeSize) throw new AppError('not_found');
  const spans = inclusionSpans(seq - 1, treeSize);
  const nodes = await loadNodes(deps.db, tenantId, [...nodesFor(spans), { level: 0, index: seq - 1 }]);
  const leafHash = nodes.get(`0:${seq - 1}`);
  if (!leafHash) throw new AppError('not_found');
  return {
    seq,
    leafIndex: seq - 1,
    treeSize,
    leafHash,
    path: spanHashes(merkleHasher, spans, (k) => nodes.get(k)),
  };
}

/** The proof that the tree of `from` is a prefix of the tree of `to` (RFC 9162 §2.1.4), in one read. */
export async function consistencyProof(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  from: number,
  to: number,
): Promise<string[]> {
  const spans = consistencySpans(from, to);
  const nodes = await loadNodes(deps.db, tenantId, nodesFor(spans));
  return spanHashes(merkleHasher, spans, (k) => nodes.get(k));
}

/**
 * What a party keeps: the signed tree head as it is now, and, for an entry of its case, the proof
 * that the head covers it. Anyone holding it can later demand a consistency proof from this head
 * to any newer one: a log rewritten or cut back after it cannot give one.
 */
export interface Receipt {
  kind: 'servicebook-receipt-v1';
  head: SignedTreeHead;
  inclusion?: Awaited<ReturnType<typeof inclusionProof>>;
}

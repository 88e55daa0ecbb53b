import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  consistencySpans,
  EMPTY_FRONTIER,
  inclusionSpans,
  type MerkleHasher,
  nodeKey,
  rootOf,
  spanHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const hasher: MerkleHasher = {
  leaf: (text) =>
    createHash('sha256')
      .update(Buffer.from([0]))
      .update(text, 'utf8')
      .digest('hex'),
  node: (l, r) =>
    createHash('sha256')
      .update(Buffer.from([1]))
      .update(Buffer.from(l, 'hex'))
      .update(Buffer.from(r, 'hex'))
      .digest('hex'),
  empty: createHash('sha256').digest('hex'),
};

/** RFC 9162 §2.1.1 straight from the definition, to check the stored-subtree way against. */
function mth(leaves: string[]): string {
  if (leaves.length === 0) return hasher.empty;
  if (leaves.length === 1) return hasher.leaf(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hasher.node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

function build(n: number) {
  const leaves = Array.from({ length: n }, (_, i) => `entry ${i}`);
  const store = new Map<string, string>();
  const roots: string[] = [hasher.empty];
  let frontier = EMPTY_FRONTIER;
  // Appended in uneven batches, as the sequencer does.
  for (let at = 0; at < n; ) {
    const batch = leaves.slice(at, at + 1 + (at % 5));
    const done = appendLeaves(hasher, frontier, batch.map(hasher.leaf));
    for (const node of done.created) store.set(nodeKey(node), node.hash);
    frontier = done.frontier;
    at += batch.length;
    roots[at] = done.root;
  }
  const lookup = (key: string) => store.get(key);
  return { leaves, lookup, roots };
}

describe('the RFC 9162 Merkle tree', () => {
  it('hashes the empty tree and one entry as the RFC says (0x00 leaf prefix)', () => {
    expect(hasher.empty).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // SHA-256 of the single byte 0x00: the leaf hash of an empty entry (RFC 9162 test vector).
    expect(hasher.leaf('')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('gives the same root from stored subtrees as from the definition, at every size', () => {
    const { leaves, lookup, roots } = build(70);
    for (let n = 0; n <= 70; n++) {
      const expected = mth(leaves.slice(0, n));
      expect(rootOf(hasher, n, lookup)).toBe(expected);
      if (roots[n] !== undefined) expect(roots[n]).toBe(expected);
    }
  });

  it('proves every entry of every tree size, and nowhere else', () => {
    const { leaves, lookup } = build(40);
    for (let n = 1; n <= 40; n++) {
      const root = rootOf(hasher, n, lookup);
      for (let i = 0; i < n; i++) {
        const proof = spanHashes(hasher, inclusionSpans(i, n), lookup);
        expect(verifyInclusion(hasher, hasher.leaf(leaves[i]!), i, n, proof, root)).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(hasher, hasher.leaf(leaves[i]!), (i + 1) % n, n, proof, root)).toBe(false);
        }
        expect(verifyInclusion(hasher, hasher.leaf('forged'), i, n, proof, root)).toBe(false);
      }
    }
  });

  it('any two sizes: the earlier tree is consistent with the later', () => {
    const { lookup } = build(300);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (a, b) => {
        const [m, n] = a <= b ? [a, b] : [b, a];
        const proof = spanHashes(hasher, consistencySpans(m, n), lookup);
        return verifyConsistency(hasher, m, n, proof, rootOf(hasher, m, lookup), rootOf(hasher, n, lookup));
      }),
      { numRuns: 500 },
    );
  });

  it('a tampered proof, root or rewritten history fails consistency', () => {
    const { leaves, lookup } = build(200);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 199 }),
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        fc.nat(),
        (a, b, which, rewrite) => {
          const [m, n] = a < b ? [a, b] : [b, a === b ? a + 1 : a];
          if (n > 200) return true;
          const proof = spanHashes(hasher, consistencySpans(m, n), lookup);
          const oldRoot = rootOf(hasher, m, lookup);
          const newRoot = rootOf(hasher, n, lookup);
          // A flipped proof hash.
          if (proof.length > 0) {
            const bad = [...proof];
            const at = which % bad.length;
            bad[at] = hasher.leaf(`x${bad[at]}`);
            if (verifyConsistency(hasher, m, n, bad, oldRoot, newRoot)) return false;
          }
          // A later tree whose history before m was rewritten (one entry changed).
          const forged = [...leaves.slice(0, n)];
          forged[rewrite % m] = 'rewritten';
          const forgedRoot = mth(forged);
          if (verifyConsistency(hasher, m, n, proof, oldRoot, forgedRoot)) return false;
          // A truncated tree never proves it extends the longer one.
          if (verifyConsistency(hasher, n, m, proof, newRoot, oldRoot)) return false;
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a tampered inclusion proof fails', () => {
    const { leaves, lookup } = build(100);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 100 }), fc.nat(), fc.nat(), (n, i0, which) => {
        const i = i0 % n;
        const root = rootOf(hasher, n, lookup);
        const proof = spanHashes(hasher, inclusionSpans(i, n), lookup);
        const bad = [...proof];
        bad[which % bad.length] = hasher.leaf('x');
        return (
          !verifyInclusion(hasher, hasher.leaf(leaves[i]!), i, n, bad, root) &&
          !verifyInclusion(hasher, hasher.leaf(leaves[i]!), i, n, proof.slice(1), root)
        );
      }),
      { numRuns: 300 },
    );
  });
});

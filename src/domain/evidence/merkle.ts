import { canonicalJson } from './entry.ts';

/**
 * The Merkle tree of a tenant's evidence log, as RFC 9162 (Certificate Transparency 2.0) defines
 * it: leaf hash SHA-256(0x00 || entry), node hash SHA-256(0x01 || left || right), the tree over n
 * entries split at the largest power of two below n. Hashes are lower-case hex; the hashing itself
 * is given (`MerkleHasher`), so this module stays pure and anyone can recompute it with openssl.
 *
 * The store keeps the hashes of the *perfect* subtrees (`NodeId`: `level` L, `index` i covers the
 * entries [i·2^L, (i+1)·2^L)). Every hash a proof or a root needs is one of them or is folded
 * from O(log n) of them (`rangeNodes`), so nothing is recomputed from the leaves.
 */

export interface MerkleHasher {
  /** SHA-256(0x00 || the entry's bytes). */
  leaf(entryText: string): string;
  /** SHA-256(0x01 || left || right). */
  node(left: string, right: string): string;
  /** SHA-256 of nothing: the root of the empty tree. */
  empty: string;
}

/** A perfect subtree: `level` L and `index` i cover the entries [i·2^L, (i+1)·2^L). */
export interface NodeId {
  level: number;
  index: number;
}

export interface StoredNode extends NodeId {
  hash: string;
}

/** Where a node sits in a key of the store. */
export function nodeKey(n: NodeId): string {
  return `${n.level}:${n.index}`;
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees that make up the entries [start, end), largest first, as they appear in
 * the RFC 9162 tree when `start` is where a subtree of the tree over `end` begins (every range a
 * proof or a root names is). The range's hash folds them from the right (`foldRange`).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    // The largest aligned power of two starting at `at` that fits before `end`.
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
    const level = Math.log2(size);
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

/** The hash of a range from its perfect subtrees' hashes (in `rangeNodes` order). */
export function foldRange(hasher: MerkleHasher, hashes: readonly string[]): string {
  if (hashes.length === 0) return hasher.empty;
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = hasher.node(hashes[i]!, h);
  return h;
}

/** A range [start, end) whose hash a proof carries. */
export interface Span {
  start: number;
  end: number;
}

/** The ranges whose hashes prove entry `index` in the tree of `size` (RFC 9162 §2.1.3.1 PATH), leaf upwards. */
export function inclusionSpans(index: number, size: number): Span[] {
  if (index < 0 || index >= size) throw new RangeError(`entry ${index} is not in a tree of ${size}`);
  const path: Span[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push({ start: start + k, end });
    } else {
      walk(m - k, start + k, end);
      path.push({ start, end: start + k });
    }
  };
  walk(index, 0, size);
  return path;
}

/** The ranges whose hashes prove the tree of `from` is a prefix of the tree of `to` (RFC 9162 §2.1.4.1). */
export function consistencySpans(from: number, to: number): Span[] {
  if (from < 0 || from > to) throw new RangeError(`no consistency from ${from} to ${to}`);
  if (from === 0 || from === to) return [];
  const proof: Span[] = [];
  const sub = (m: number, start: number, end: number, whole: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!whole) proof.push({ start, end });
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, whole);
      proof.push({ start: start + k, end });
    } else {
      sub(m - k, start + k, end, false);
      proof.push({ start, end: start + k });
    }
  };
  sub(from, 0, to, true);
  return proof;
}

/** Every perfect subtree the given spans need, once each. */
export function nodesFor(spans: readonly Span[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const s of spans) for (const n of rangeNodes(s.start, s.end)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

/** The spans' hashes from the perfect subtrees' hashes (`lookup` by `nodeKey`). */
export function spanHashes(
  hasher: MerkleHasher,
  spans: readonly Span[],
  lookup: (key: string) => string | undefined,
): string[] {
  return spans.map((s) =>
    foldRange(
      hasher,
      rangeNodes(s.start, s.end).map((n) => {
        const h = lookup(nodeKey(n));
        if (h === undefined) throw new Error(`tree node ${nodeKey(n)} is missing`);
        return h;
      }),
    ),
  );
}

/** The root of the tree of `size`, from the perfect subtrees' hashes. */
export function rootOf(
  hasher: MerkleHasher,
  size: number,
  lookup: (key: string) => string | undefined,
): string {
  return spanHashes(hasher, [{ start: 0, end: size }], lookup)[0]!;
}

/**
 * The right edge of a tree: the perfect subtrees of [0, size), largest first. Appending entries
 * needs only these (a "compact range"); the store loads them instead of the whole tree.
 */
export interface Frontier {
  size: number;
  nodes: StoredNode[];
}

export const EMPTY_FRONTIER: Frontier = { size: 0, nodes: [] };

/**
 * Appends entries (their leaf hashes) to a tree given by its right edge: the perfect subtrees
 * each append completes (to store), the new right edge and the new root.
 */
export function appendLeaves(
  hasher: MerkleHasher,
  frontier: Frontier,
  leafHashes: readonly string[],
): { created: StoredNode[]; frontier: Frontier; root: string } {
  const created: StoredNode[] = [];
  // The right edge as a stack, largest (leftmost) first; each level appears at most once.
  const stack = frontier.nodes.map((n) => ({ ...n }));
  let size = frontier.size;
  for (const leaf of leafHashes) {
    let node: StoredNode = { level: 0, index: size, hash: leaf };
    created.push(node);
    while (stack.length > 0 && stack[stack.length - 1]!.level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: hasher.node(left.hash, node.hash) };
      created.push(node);
    }
    stack.push(node);
    size++;
  }
  return {
    created,
    frontier: { size, nodes: stack },
    root: foldRange(
      hasher,
      stack.map((n) => n.hash),
    ),
  };
}

/** RFC 9162 §2.1.3.2: does `proof` put the entry whose leaf hash is `leafHash` at `index` of the tree with `root`? */
export function verifyInclusion(
  hasher: MerkleHasher,
  leafHash: string,
  index: number,
  size: number,
  proof: readonly string[],
  root: string,
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.node(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hasher.node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `from` (root `fromRoot`) is a prefix of the tree of `to`? */
export function verifyConsistency(
  hasher: MerkleHasher,
  from: number,
  to: number,
  proof: readonly string[],
  fromRoot: string,
  toRoot: string,
): boolean {
  if (from < 0 || from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot === toRoot;
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (from & (from - 1)) === 0 ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.node(c, fr);
      sr = hasher.node(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hasher.node(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr === fromRoot && sr === toRoot && sn === 0;
}

/**
 * What a signed tree head signs: the tenant's log at a size, with its root, when. RFC 8785 text,
 * so anyone can rebuild it and check the Ed25519 signature with openssl.
 */
export interface TreeHead {
  tenantId: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
}

export function treeHeadMaterial(head: TreeHead): string {
  return canonicalJson({
    kind: 'servicebook-tree-head-v1',
    tenantId: head.tenantId,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    signedAt: head.signedAt,
  });
}

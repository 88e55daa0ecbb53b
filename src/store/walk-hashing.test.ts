import { describe, expect, it } from 'vitest';
import { appendLeaves, EMPTY_FRONTIER } from '../domain/evidence/index.ts';
import { sha256Hex } from './blob-store.ts';
import { merkleHasher } from './merkle-hasher.ts';
import { headerDigests, sha256Text, TreeFolder, walkMerkleHasher } from './walk-hashing.ts';

const texts = [
  '',
  '{"seq":1}',
  '压缩机启动跳闸，冷冻水温度 14 °C。',
  'emoji 🧊 and a lone surrogate \ud800 here \udc00',
  'x'.repeat(70_000),
  '冷'.repeat(30_000),
  'short after long',
];

describe('walk hashing', () => {
  it('gives the same digests as sha256Hex and merkleHasher, whatever the text', () => {
    for (const text of texts) {
      expect(sha256Text(text)).toBe(sha256Hex(text));
      expect(headerDigests(text)).toEqual({ hash: sha256Hex(text), leaf: merkleHasher.leaf(text) });
      expect(walkMerkleHasher.leaf(text)).toBe(merkleHasher.leaf(text));
    }
  });

  it('hashes interior nodes as merkleHasher does, stored values that are not lowercase hex too', () => {
    const a = sha256Hex('a');
    const b = sha256Hex('b');
    for (const [left, right] of [
      [a, b],
      [b, a],
      [a.toUpperCase(), b],
      ['not hex', b],
      [a.slice(0, 10), b],
    ] as const) {
      expect(walkMerkleHasher.node(left, right)).toBe(merkleHasher.node(left, right));
    }
    expect(walkMerkleHasher.empty).toBe(merkleHasher.empty);
  });

  it('grows the tree from binary leaves as appendLeaves does from hex ones, from any right edge', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => sha256Hex(`leaf ${i}`));
    for (const start of [0, 1, 5, 8, 13]) {
      let edge = appendLeaves(merkleHasher, EMPTY_FRONTIER, leaves.slice(0, start)).frontier;
      // A stored right edge in upper case stays as it is until merged, as appendLeaves keeps it.
      edge = { ...edge, nodes: edge.nodes.map((n) => ({ ...n, hash: n.hash.toUpperCase() })) };
      const tree = new TreeFolder(edge);
      for (let i = start; i < leaves.length; i++) {
        if (i % 3 === 0) tree.addHex(leaves[i]!);
        else tree.add(Buffer.from(`${'00'.repeat(32)}${leaves[i]}`, 'hex'), 32);
        const expected = appendLeaves(merkleHasher, edge, leaves.slice(start, i + 1));
        expect(tree.frontier()).toEqual(expected.frontier);
        expect(appendLeaves(walkMerkleHasher, tree.frontier(), []).root).toBe(expected.root);
      }
    }
  });
});

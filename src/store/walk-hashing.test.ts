import { describe, expect, it } from 'vitest';
import { sha256Hex } from './blob-store.ts';
import { merkleHasher } from './merkle-hasher.ts';
import { headerDigests, sha256Text, walkMerkleHasher } from './walk-hashing.ts';

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
});

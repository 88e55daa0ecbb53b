import { hash } from 'node:crypto';
import type { MerkleHasher } from '../domain/evidence/index.ts';
import { merkleHasher } from './merkle-hasher.ts';

/**
 * SHA-256 for walking the whole log, where hashing is most of the work: each text is encoded to
 * UTF-8 once, into a buffer kept for the next, and digested in one call. The results are those of
 * `sha256Hex` and `merkleHasher` (test/walk-hashing.test.ts compares them).
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

function room(chars: number): Buffer {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; one more for the leaf's 0x00 prefix.
  const needed = chars * 3 + 1;
  if (scratch.length < needed) scratch = Buffer.allocUnsafe(Math.max(needed, scratch.length * 2));
  return scratch;
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256Text(text: string): string {
  const buffer = room(text.length);
  const n = buffer.write(text, 0, 'utf8');
  return hash('sha256', buffer.subarray(0, n), 'hex');
}

/** An entry's header text: its SHA-256 (the entry's hash) and its Merkle leaf hash (SHA-256 of 0x00 ‖ text), from one encoding. */
export function headerDigests(text: string): { hash: string; leaf: string } {
  const buffer = room(text.length);
  buffer[0] = 0;
  const n = buffer.write(text, 1, 'utf8');
  return {
    hash: hash('sha256', buffer.subarray(1, n + 1), 'hex'),
    leaf: hash('sha256', buffer.subarray(0, n + 1), 'hex'),
  };
}

const node = Buffer.allocUnsafe(65);

/** `merkleHasher` with interior nodes hashed from one buffer (0x01 ‖ left ‖ right) in one call. */
export const walkMerkleHasher: MerkleHasher = {
  leaf: (text) => {
    const buffer = room(text.length);
    buffer[0] = 0;
    const n = buffer.write(text, 1, 'utf8');
    return hash('sha256', buffer.subarray(0, n + 1), 'hex');
  },
  node: (left, right) => {
    // 64 hex digits each (32 bytes written); anything else (a stored value) takes the general path.
    node[0] = 1;
    if (
      left.length !== 64 ||
      right.length !== 64 ||
      node.write(left, 1, 'hex') !== 32 ||
      node.write(right, 33, 'hex') !== 32
    )
      return merkleHasher.node(left, right);
    return hash('sha256', node, 'hex');
  },
  empty: merkleHasher.empty,
};

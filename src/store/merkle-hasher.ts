import { createHash } from 'node:crypto';
import type { MerkleHasher } from '../domain/evidence/index.ts';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** RFC 9162 hashing with SHA-256: leaves prefixed 0x00, interior nodes 0x01. */
export const merkleHasher: MerkleHasher = {
  leaf: (text) => createHash('sha256').update(LEAF).update(text, 'utf8').digest('hex'),
  node: (left, right) =>
    createHash('sha256')
      .update(NODE)
      .update(Buffer.from(left, 'hex'))
      .update(Buffer.from(right, 'hex'))
      .digest('hex'),
  empty: createHash('sha256').digest('hex'),
};

import { hash, hash as hashBytes } from 'node:crypto';
import { appendLeaves, type Frontier, type MerkleHasher } from '../domain/evidence/index.ts';
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

/**
 * The right edge of the tree grown a leaf at a time from binary leaf hashes (32 bytes each), as
 * `appendLeaves` grows it from hex ones: the same nodes, without a hex string or a node object
 * per leaf. Nodes given in hex (a stored right edge) keep their text until merged.
 */
export class TreeFolder {
  private readonly levels: number[] = [];
  private readonly indexes: number[] = [];
  private readonly hashes: Buffer[] = [];
  private readonly texts: (string | undefined)[] = [];
  size: number;

  constructor(frontier: Frontier) {
    this.size = frontier.size;
    for (const n of frontier.nodes) {
      this.levels.push(n.level);
      this.indexes.push(n.index);
      this.hashes.push(Buffer.from(n.hash, 'hex'));
      this.texts.push(n.hash);
    }
  }

  /** Appends the leaf whose hash is `leaves[at, at + 32)`. */
  add(leaves: Uint8Array, at: number): void {
    let level = 0;
    let index = this.size;
    let hash = Buffer.from(leaves.subarray(at, at + 32));
    let text: string | undefined;
    while (this.levels.length > 0 && this.levels[this.levels.length - 1] === level) {
      const left = this.hashes.pop()!;
      this.texts.pop();
      this.levels.pop();
      index = this.indexes.pop()! / 2;
      if (left.length === 32 && hash.length === 32) {
        join[0] = 1;
        join.set(left, 1);
        join.set(hash, 33);
        hash = hashBytes('sha256', join, 'buffer');
      } else hash = hashBytes('sha256', Buffer.concat([NODE_PREFIX, left, hash]), 'buffer');
      text = undefined;
      level++;
    }
    this.levels.push(level);
    this.indexes.push(index);
    this.hashes.push(hash);
    this.texts.push(text);
    this.size++;
  }

  addHex(leaf: string): void {
    const bytes = Buffer.from(leaf, 'hex');
    if (bytes.length === 32) this.add(bytes, 0);
    else {
      // Not a digest made here: grown the general way, from its text.
      const grown = appendLeaves(merkleHasher, this.frontier(), [leaf]).frontier;
      this.levels.length = 0;
      this.indexes.length = 0;
      this.hashes.length = 0;
      this.texts.length = 0;
      for (const n of grown.nodes) {
        this.levels.push(n.level);
        this.indexes.push(n.index);
        this.hashes.push(Buffer.from(n.hash, 'hex'));
        this.texts.push(n.hash);
      }
      this.size = grown.size;
    }
  }

  frontier(): Frontier {
    return {
      size: this.size,
      nodes: this.levels.map((level, i) => ({
        level,
        index: this.indexes[i]!,
        hash: this.texts[i] ?? this.hashes[i]!.toString('hex'),
      })),
    };
  }
}

const join = Buffer.allocUnsafe(65);
const NODE_PREFIX = Buffer.from([1]);

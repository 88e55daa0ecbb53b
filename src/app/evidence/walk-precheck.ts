import { hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * One batch of walked entries, as the columns the walk compares (arrays of strings clone cheaply
 * to a worker thread). `checks` holds each payload as its hash is checked (`payloadToCheck`).
 */
export interface PrecheckBatch {
  seqs: number[];
  materials: string[];
  /** Null where it could not be made (the full check reports that, in order). */
  checks: (string | null)[];
  hashes: string[];
  prevHashes: string[];
  types: string[];
  subjectTypes: string[];
  subjectIds: string[];
}

export interface PrecheckResult {
  /**
   * 1 where the entry holds on its own: its header text parses, hashes to its stored hash, names
   * the stored seq, prev_hash, type and subject, lists no files, and its payload hashes to the
   * header's payload hash. What is left to the walk for such an entry is its link to the one
   * before (seq + 1, prev_hash = the previous hash). 0: the walk checks the entry in full.
   */
  plain: Uint8Array;
  /** Each entry's Merkle leaf hash, SHA-256(0x00 ‖ header text): 32 bytes each, in order. */
  leaves: Uint8Array;
}

type HashFunction = {
  (algorithm: string, data: Uint8Array, encoding: 'hex'): string;
  (algorithm: string, data: Uint8Array, encoding: 'buffer'): Buffer;
};

/**
 * The per-entry work of the walk that needs nothing but the entry: three SHA-256 digests and the
 * header's parse. Self-contained (no closures, no inner functions) because its source text is
 * also what runs in the worker thread.
 */
export function precheckBatch(b: PrecheckBatch, digest: HashFunction): PrecheckResult {
  const n = b.materials.length;
  let longest = 0;
  for (let i = 0; i < n; i++) {
    if (b.materials[i]!.length > longest) longest = b.materials[i]!.length;
    if ((b.checks[i]?.length ?? 0) > longest) longest = b.checks[i]?.length ?? 0;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; the leaf's 0x00 prefix goes first.
  const buffer = Buffer.allocUnsafeSlow(longest * 3 + 1);
  const plain = new Uint8Array(n);
  const leaves = new Uint8Array(32 * n);
  for (let i = 0; i < n; i++) {
    const material = b.materials[i]!;
    buffer[0] = 0;
    const m = buffer.write(material, 1, 'utf8');
    leaves.set(digest('sha256', buffer.subarray(0, m + 1), 'buffer'), 32 * i);
    if (digest('sha256', buffer.subarray(1, m + 1), 'hex') !== b.hashes[i]) continue;
    let header: {
      seq?: unknown;
      prevHash?: unknown;
      type?: unknown;
      subject?: { type?: unknown; id?: unknown } | null;
      blobs?: unknown;
      payloadHash?: unknown;
    } | null;
    try {
      header = JSON.parse(material);
    } catch {
      continue;
    }
    if (typeof header !== 'object' || header === null) continue;
    const subject = header.subject;
    if (
      header.seq !== b.seqs[i] ||
      header.prevHash !== b.prevHashes[i] ||
      header.type !== b.types[i] ||
      typeof subject !== 'object' ||
      subject === null ||
      subject.type !== b.subjectTypes[i] ||
      subject.id !== b.subjectIds[i] ||
      !Array.isArray(header.blobs) ||
      header.blobs.length !== 0
    )
      continue;
    const check = b.checks[i];
    if (typeof check !== 'string') continue;
    const p = buffer.write(check, 0, 'utf8');
    if (digest('sha256', buffer.subarray(0, p), 'hex') !== header.payloadHash) continue;
    plain[i] = 1;
  }
  return { plain, leaves };
}

/**
 * A batch as it crosses to the worker: every string written as UTF-8 into shared memory (no copy
 * on the heap, and the worker hashes the bytes as they are), each header text after a 0x00 byte
 * (its leaf's prefix). `lengths`: each piece's byte length, seven per entry (-1: a null check).
 */
export interface SharedBatch {
  bytes: SharedArrayBuffer;
  lengths: Int32Array;
  seqs: Float64Array;
}

const PIECES = 7;

export function writeShared(b: PrecheckBatch, into: SharedArrayBuffer | undefined): SharedBatch {
  const n = b.seqs.length;
  let chars = 0;
  for (let i = 0; i < n; i++) {
    chars +=
      b.materials[i]!.length +
      (b.checks[i]?.length ?? 0) +
      b.hashes[i]!.length +
      b.prevHashes[i]!.length +
      b.types[i]!.length +
      b.subjectTypes[i]!.length +
      b.subjectIds[i]!.length +
      1;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const bytes = into && into.byteLength >= chars * 3 ? into : new SharedArrayBuffer(chars * 3);
  const out = Buffer.from(bytes);
  const lengths = new Int32Array(n * PIECES);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const k = i * PIECES;
    out[at++] = 0;
    const material = out.write(b.materials[i]!, at, 'utf8');
    lengths[k] = material;
    at += material;
    const check = b.checks[i];
    if (typeof check === 'string') {
      lengths[k + 1] = out.write(check, at, 'utf8');
      at += lengths[k + 1]!;
    } else lengths[k + 1] = -1;
    const small = [b.hashes[i]!, b.prevHashes[i]!, b.types[i]!, b.subjectTypes[i]!, b.subjectIds[i]!];
    for (let c = 0; c < 5; c++) {
      lengths[k + 2 + c] = out.write(small[c]!, at, 'utf8');
      at += lengths[k + 2 + c]!;
    }
  }
  return { bytes, lengths, seqs: Float64Array.from(b.seqs) };
}

/**
 * `precheckBatch` on a batch in shared memory (on the worker; self-contained like it): the same
 * checks, the digests taken from the bytes written, the header text decoded for its parse.
 */
export function precheckShared(s: SharedBatch, digest: HashFunction): PrecheckResult {
  const n = s.seqs.length;
  const buffer = Buffer.from(s.bytes);
  const plain = new Uint8Array(n);
  const leaves = new Uint8Array(32 * n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const k = i * 7;
    const m = s.lengths[k]!;
    const start = at + 1;
    leaves.set(digest('sha256', buffer.subarray(at, start + m), 'buffer'), 32 * i);
    const hashed = digest('sha256', buffer.subarray(start, start + m), 'hex');
    at = start + m;
    const c = s.lengths[k + 1]!;
    const checkAt = at;
    if (c > 0) at += c;
    const text: string[] = [];
    for (let j = 2; j < 7; j++) {
      const length = s.lengths[k + j]!;
      text.push(buffer.toString('utf8', at, at + length));
      at += length;
    }
    if (hashed !== text[0]) continue;
    let header: {
      seq?: unknown;
      prevHash?: unknown;
      type?: unknown;
      subject?: { type?: unknown; id?: unknown } | null;
      blobs?: unknown;
      payloadHash?: unknown;
    } | null;
    try {
      header = JSON.parse(buffer.toString('utf8', start, start + m));
    } catch {
      continue;
    }
    if (typeof header !== 'object' || header === null) continue;
    const subject = header.subject;
    if (
      header.seq !== s.seqs[i] ||
      header.prevHash !== text[1] ||
      header.type !== text[2] ||
      typeof subject !== 'object' ||
      subject === null ||
      subject.type !== text[3] ||
      subject.id !== text[4] ||
      !Array.isArray(header.blobs) ||
      header.blobs.length !== 0
    )
      continue;
    if (c < 0) continue;
    if (digest('sha256', buffer.subarray(checkAt, checkAt + c), 'hex') !== header.payloadHash) continue;
    plain[i] = 1;
  }
  return { plain, leaves };
}

/** The worker: precheckShared's own source, answering each batch by its id. */
const WORKER_SOURCE = `
const { hash } = require('node:crypto');
const { parentPort } = require('node:worker_threads');
const precheckShared = ${precheckShared.toString()};
parentPort.on('message', (message) => {
  let reply;
  try {
    const result = precheckShared(message.batch, hash);
    reply = { id: message.id, result };
  } catch (error) {
    reply = { id: message.id, error: String(error) };
  }
  parentPort.postMessage(reply, reply.result ? [reply.result.plain.buffer, reply.result.leaves.buffer] : []);
});
`;

/** Shares smaller than this are checked on the calling thread (a worker costs a message each way). */
export const OFF_THREAD_FROM = 128;

let worker: Worker | undefined;
let broken = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (r: PrecheckResult) => void; reject: (e: Error) => void }>();

function theWorker(): Worker | undefined {
  if (broken) return undefined;
  if (worker) return worker;
  try {
    const started = new Worker(WORKER_SOURCE, { eval: true });
    started.unref();
    started.on('message', (reply: { id: number; result?: PrecheckResult; error?: string }) => {
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.result) pending?.resolve(reply.result);
      else pending?.reject(new Error(reply.error ?? 'precheck failed'));
      if (waiting.size === 0) started.unref();
    });
    const fail = (error: Error) => {
      // The walk goes on without it: each waiting batch is then checked on the calling thread.
      broken = true;
      worker = undefined;
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    };
    started.on('error', fail);
    started.on('exit', () => fail(new Error('precheck worker exited')));
    worker = started;
    return started;
  } catch {
    broken = true;
    return undefined;
  }
}

/** Shared memory not in use by a batch on its way, kept for the next (a few megabytes each). */
const spare: SharedArrayBuffer[] = [];

function offThread(thread: Worker, batch: PrecheckBatch): Promise<PrecheckResult> {
  const id = nextId++;
  const shared = writeShared(batch, spare.pop());
  return new Promise<PrecheckResult>((resolve, reject) => {
    waiting.set(id, {
      resolve: (r) => {
        if (spare.length < 2) spare.push(shared.bytes);
        resolve(r);
      },
      reject,
    });
    thread.ref();
    thread.postMessage({ id, batch: shared }, [
      shared.lengths.buffer as ArrayBuffer,
      shared.seqs.buffer as ArrayBuffer,
    ]);
  });
}

function slice(b: PrecheckBatch, from: number, to: number): PrecheckBatch {
  return {
    seqs: b.seqs.slice(from, to),
    materials: b.materials.slice(from, to),
    checks: b.checks.slice(from, to),
    hashes: b.hashes.slice(from, to),
    prevHashes: b.prevHashes.slice(from, to),
    types: b.types.slice(from, to),
    subjectTypes: b.subjectTypes.slice(from, to),
    subjectIds: b.subjectIds.slice(from, to),
  };
}

/**
 * `precheckBatch` shared between a worker thread and this one: the first `share` of the batch
 * goes to the worker, the rest is checked here meanwhile (so a machine with no core to spare
 * loses little, and one with a core free does up to twice the work). Small shares, or no worker,
 * and everything is checked here. Same answer either way.
 */
export function precheck(batch: PrecheckBatch, share = 0.5): Promise<PrecheckResult> {
  const n = batch.seqs.length;
  const m = Math.floor(n * Math.min(1, Math.max(0, share)));
  const thread = m >= OFF_THREAD_FROM ? theWorker() : undefined;
  if (!thread) return Promise.resolve(precheckBatch(batch, hash));
  const there = offThread(thread, m < n ? slice(batch, 0, m) : batch);
  const here = m < n ? precheckBatch(slice(batch, m, n), hash) : undefined;
  return there.then(
    (away) => {
      if (!here) return away;
      const plain = new Uint8Array(n);
      plain.set(away.plain, 0);
      plain.set(here.plain, m);
      const leaves = new Uint8Array(32 * n);
      leaves.set(away.leaves, 0);
      leaves.set(here.leaves, 32 * m);
      return { plain, leaves };
    },
    () => precheckBatch(batch, hash),
  );
}

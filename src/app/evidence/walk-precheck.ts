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
  /** Each entry's Merkle leaf hash, SHA-256(0x00 ‖ header text), in hex. */
  leaves: string[];
}

type HashFunction = (algorithm: string, data: Uint8Array, encoding: 'hex') => string;

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
  const leaves: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const material = b.materials[i]!;
    buffer[0] = 0;
    const m = buffer.write(material, 1, 'utf8');
    leaves[i] = digest('sha256', buffer.subarray(0, m + 1), 'hex');
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
 * A batch as it crosses to the worker: every string of it joined into one text (one copy each
 * way instead of one per string), with each piece's length (-1: a null check), and the seqs.
 */
export interface PackedBatch {
  text: string;
  lengths: Int32Array;
  seqs: Float64Array;
}

const COLUMNS = 7;

export function packBatch(b: PrecheckBatch): PackedBatch {
  const n = b.seqs.length;
  const parts: string[] = new Array(n * COLUMNS);
  const lengths = new Int32Array(n * COLUMNS);
  for (let i = 0; i < n; i++) {
    const k = i * COLUMNS;
    const check = b.checks[i];
    parts[k] = b.materials[i]!;
    parts[k + 1] = check ?? '';
    parts[k + 2] = b.hashes[i]!;
    parts[k + 3] = b.prevHashes[i]!;
    parts[k + 4] = b.types[i]!;
    parts[k + 5] = b.subjectTypes[i]!;
    parts[k + 6] = b.subjectIds[i]!;
    for (let c = 0; c < COLUMNS; c++) lengths[k + c] = parts[k + c]!.length;
    if (check === null || check === undefined) lengths[k + 1] = -1;
  }
  return { text: parts.join(''), lengths, seqs: Float64Array.from(b.seqs) };
}

/** `packBatch` undone (on the worker; self-contained like precheckBatch). */
export function unpackBatch(p: PackedBatch): PrecheckBatch {
  const n = p.seqs.length;
  const b: PrecheckBatch = {
    seqs: new Array(n),
    materials: new Array(n),
    checks: new Array(n),
    hashes: new Array(n),
    prevHashes: new Array(n),
    types: new Array(n),
    subjectTypes: new Array(n),
    subjectIds: new Array(n),
  };
  let at = 0;
  const cut = [b.materials, b.checks, b.hashes, b.prevHashes, b.types, b.subjectTypes, b.subjectIds];
  for (let i = 0; i < n; i++) {
    b.seqs[i] = p.seqs[i]!;
    for (let c = 0; c < 7; c++) {
      const length = p.lengths[i * 7 + c]!;
      if (length < 0) {
        cut[c]![i] = null as unknown as string;
        continue;
      }
      cut[c]![i] = p.text.substring(at, at + length);
      at += length;
    }
  }
  return b;
}

/** The worker: precheckBatch's and unpackBatch's own source, answering each batch by its id. */
const WORKER_SOURCE = `
const { hash } = require('node:crypto');
const { parentPort } = require('node:worker_threads');
const precheckBatch = ${precheckBatch.toString()};
const unpackBatch = ${unpackBatch.toString()};
parentPort.on('message', (message) => {
  let reply;
  try {
    const result = precheckBatch(unpackBatch(message.batch), hash);
    reply = { id: message.id, result };
  } catch (error) {
    reply = { id: message.id, error: String(error) };
  }
  parentPort.postMessage(reply, reply.result ? [reply.result.plain.buffer] : []);
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

function offThread(thread: Worker, batch: PrecheckBatch): Promise<PrecheckResult> {
  const id = nextId++;
  return new Promise<PrecheckResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.ref();
    const packed = packBatch(batch);
    thread.postMessage({ id, batch: packed }, [
      packed.lengths.buffer as ArrayBuffer,
      packed.seqs.buffer as ArrayBuffer,
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
      return { plain, leaves: away.leaves.concat(here.leaves) };
    },
    () => precheckBatch(batch, hash),
  );
}

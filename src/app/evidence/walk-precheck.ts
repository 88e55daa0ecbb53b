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

/** The worker: precheckBatch's own source, answering each batch by its id. */
const WORKER_SOURCE = `
const { hash } = require('node:crypto');
const { parentPort } = require('node:worker_threads');
const precheckBatch = ${precheckBatch.toString()};
parentPort.on('message', (message) => {
  let reply;
  try {
    reply = { id: message.id, result: precheckBatch(message.batch, hash) };
  } catch (error) {
    reply = { id: message.id, error: String(error) };
  }
  parentPort.postMessage(reply);
});
`;

/** Batches smaller than this are checked on the calling thread (a worker costs a message each way). */
export const OFF_THREAD_FROM = 256;

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

/**
 * `precheckBatch` on a worker thread (hashing the batch while this thread reads the next one from
 * the database), or here when the batch is small or no worker can run. Same answer either way.
 */
export function precheck(batch: PrecheckBatch, offThreadFrom = OFF_THREAD_FROM): Promise<PrecheckResult> {
  const thread = batch.materials.length >= offThreadFrom ? theWorker() : undefined;
  if (!thread) return Promise.resolve(precheckBatch(batch, hash));
  const id = nextId++;
  return new Promise<PrecheckResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    thread.ref();
    thread.postMessage({ id, batch });
  }).catch(() => precheckBatch(batch, hash));
}

import { type Kysely, sql } from 'kysely';
import {
  appendLeaves,
  type ChainBreak,
  canonicalJson,
  checkpointMaterial,
  checkStoredLink,
  commitForm,
  EMPTY_FRONTIER,
  type EntryHeader,
  type Frontier,
  GENESIS_HASH,
  hasRedactionMarkers,
  treeHeadMaterial,
  verifyInclusion,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import type { Database } from '../../store/schema.ts';
import { fingerprintOf, normalizeFingerprint, verifySignature } from '../../store/signing-key.ts';
import { headerDigests, sha256Text, TreeFolder, walkMerkleHasher } from '../../store/walk-hashing.ts';
import type { AppDeps } from '../context.ts';
import { type Checkpoint, toCheckpoint } from './create-checkpoint.ts';
import { inclusionProof } from './log-proofs.ts';
import { rotationMaterial } from './rotation.ts';
import {
  type CaseFollow,
  checkCaseRows,
  checkCostLinesRecorded,
  compareRows,
  lookupRows,
  type RowBreak,
} from './row-checks.ts';
import {
  loadFrontier,
  ON_DEMAND_WAIT_MS,
  type SignedTreeHead,
  sequenceLog,
  toTreeHead,
} from './sequence-log.ts';
import { type PrecheckBatch, precheck } from './walk-precheck.ts';

export type EvidenceBreak =
  | ChainBreak
  | { kind: 'column_mismatch'; seq: number; column: string }
  | { kind: 'blob_missing'; seq: number; sha256: string }
  | { kind: 'blob_changed'; seq: number; sha256: string; found: string }
  | { kind: 'checkpoint_signature_invalid'; seq: number }
  | { kind: 'checkpoint_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'missing_tail'; seq: number; lastSeq: number }
  | { kind: 'head_signature_invalid'; seq: number }
  | { kind: 'head_key_not_pinned'; seq: number; keyFingerprint: string }
  | { kind: 'head_root_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'receipt_signature_invalid'; seq: number }
  | { kind: 'receipt_not_consistent'; seq: number; expected: string; found: string }
  | { kind: 'receipt_beyond_log'; seq: number; lastSeq: number }
  | { kind: 'timestamp_invalid'; seq: number; reason: string }
  | { kind: 'log_root_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'redaction_unrecorded'; seq: number; bySeq: number }
  | RowBreak;

/** An entry whose personal fields were erased, and the entry that records the erasure and why. */
export interface Redaction {
  seq: number;
  bySeq: number;
  /** Its payload still checks against its hash (sealed fields), or only against the redaction's word. */
  hashHolds: boolean;
}

/** What an outsider brings to verification: the key fingerprints it trusts and the heads it kept. */
export interface VerifyPins {
  /** SHA-256 fingerprints of the public keys the verifier trusts (got independently of the server). */
  keys?: readonly string[];
  /** Signed tree heads the verifier was handed earlier (receipts): the log must extend each. */
  heads?: readonly SignedTreeHead[];
  /**
   * Incremental: a head verified before (a receipt or the last verification). Only the entries
   * after it are walked, on top of its tree's right edge, which must fold to its root.
   */
  since?: SignedTreeHead;
  /** Checks a head's RFC 3161 token against its signed text; gives a reason when it fails. */
  checkTimestamp?: (signedText: string, token: string) => Promise<string | null>;
}

/** A head's signature, key pin and timestamp: the reason it does not hold, or nothing. */
export async function headProblem(
  head: SignedTreeHead,
  accepted: ReadonlySet<string> | undefined,
  checkTimestamp: VerifyPins['checkTimestamp'],
): Promise<EvidenceBreak | undefined> {
  const fingerprint = safeFingerprint(head.publicKey);
  if (accepted && (!fingerprint || !accepted.has(fingerprint)))
    return { kind: 'head_key_not_pinned', seq: head.treeSize, keyFingerprint: fingerprint ?? 'unreadable' };
  const material = treeHeadMaterial(head);
  if (fingerprint !== head.keyFingerprint || !verifySignature(head.publicKey, material, head.signature))
    return { kind: 'head_signature_invalid', seq: head.treeSize };
  if (head.timestampToken && checkTimestamp) {
    const reason = await checkTimestamp(material, head.timestampToken);
    if (reason) return { kind: 'timestamp_invalid', seq: head.treeSize, reason };
  }
  return undefined;
}

function safeFingerprint(pem: string): string | undefined {
  try {
    return fingerprintOf(pem);
  } catch {
    return undefined;
  }
}

export interface VerificationReport {
  tenantId: string;
  ok: boolean;
  entries: number;
  blobsChecked: number;
  checkpoints: number;
  /** The last sequence number covered by a valid signature. */
  lastSignedSeq: number;
  /** Entries after the last checkpoint: chained, not yet signed. */
  unsignedTail: number;
  /** Signed tree heads of the Merkle log checked (signature, key, root), and the largest. */
  treeHeads: number;
  lastTreeSize: number;
  /** Receipts (heads handed out earlier) the log was shown to extend. */
  receiptsChecked: number;
  /** Rows the API serves (messages, cases, cost lines) compared with their entries. */
  rowsChecked: number;
  /** Entries whose personal fields were erased on request, each with the entry that says so (first 100). */
  redactions: Redaction[];
  firstBreak?: EvidenceBreak;
}

/** Entries fetched at a time from the cursor; the next batch is on its way while one is checked. */
export const WALK_BATCH = 2000;
const BATCH = WALK_BATCH;

interface StoredEntry {
  seq: number;
  material: string;
  payload: string;
  hash: string;
  prev_hash: string;
  entry_type: string;
  subject_type: string;
  subject_id: string;
}

/**
 * Walks a tenant's whole chain in order, a batch at a time (memory stays flat): each entry's
 * hash and link, the columns copied for queries, every attached file's bytes, and every
 * checkpoint's signature and hash. Stops at the first break and says exactly where and what.
 *
 * One read-only snapshot (REPEATABLE READ) covers the checkpoints, the entries and the head, so
 * entries appended meanwhile neither show nor look missing. The entries come through one
 * server-side cursor in key order (one index walk, whatever the planner's statistics), with only
 * the columns checked, and the next batch is fetched while the current one is hashed.
 */
export async function verifyEvidence(
  deps: AppDeps,
  tenantId: string,
  pins: VerifyPins = {},
): Promise<VerificationReport> {
  // Chain what is committed first (what the server's sequencer does anyway), so the walk covers
  // it. A record broken where the sequencer reads it fails it: the walk below names the break.
  await sequenceLog(deps, tenantId, { waitMs: ON_DEMAND_WAIT_MS }).catch(() => null);
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyInSnapshot(deps, trx, tenantId, pins));
}

async function verifyInSnapshot(
  deps: AppDeps,
  trx: Kysely<Database>,
  tenantId: string,
  pins: VerifyPins,
): Promise<VerificationReport> {
  const treeHeads = (
    await trx
      .selectFrom('evidence_tree_heads')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('tree_size')
      .execute()
  ).map(toTreeHead);
  const receipts = [...(pins.heads ?? [])].sort((a, b) => a.treeSize - b.treeSize);
  const accepted = pins.keys ? new Set(pins.keys.map(normalizeFingerprint)) : undefined;
  /** Sizes at which the recomputed root is compared: every signed head, every receipt. */
  const headsAt = new Map<number, SignedTreeHead>(treeHeads.map((h) => [h.treeSize, h]));
  const receiptsAt = new Map<number, SignedTreeHead[]>();
  for (const r of receipts) receiptsAt.set(r.treeSize, [...(receiptsAt.get(r.treeSize) ?? []), r]);
  /** Rotations seen in the walk, endorsed by the previous key: accepted once their endorser is. */
  const cases: CaseFollow = new Map();
  let costLinesMet = 0;
  const rotations: { previous: string; next: string; endorsement: string | null; publicKey: string }[] = [];

  const checkpoints = new Map<number, Checkpoint>(
    (
      await trx.selectFrom('timeline_checkpoints').selectAll().where('tenant_id', '=', tenantId).execute()
    ).map((r) => [Number(r.seq), toCheckpoint(r)]),
  );
  const report: VerificationReport = {
    tenantId,
    ok: true,
    entries: 0,
    blobsChecked: 0,
    checkpoints: checkpoints.size,
    lastSignedSeq: 0,
    unsignedTail: 0,
    treeHeads: 0,
    lastTreeSize: 0,
    receiptsChecked: 0,
    rowsChecked: 0,
    redactions: [],
  };
  const fail = (firstBreak: EvidenceBreak) => ({ ...report, ok: false, firstBreak });

  for (const checkpoint of checkpoints.values()) {
    if (!verifySignature(checkpoint.publicKey, checkpointMaterial(checkpoint), checkpoint.signature)) {
      return fail({ kind: 'checkpoint_signature_invalid', seq: checkpoint.seq });
    }
  }
  // A receipt is checked with the pinned key (or, unpinned, its own) before anything it covers.
  for (const receipt of receipts) {
    const problem = await headProblem(receipt, accepted, pins.checkTimestamp);
    if (problem) return fail({ kind: 'receipt_signature_invalid', seq: receipt.treeSize });
  }

  let frontier: Frontier = EMPTY_FRONTIER;
  let previous = { seq: 0, hash: GENESIS_HASH };
  const since = pins.since;
  if (since) {
    const problem = await headProblem(since, accepted, pins.checkTimestamp);
    if (problem) return fail({ kind: 'receipt_signature_invalid', seq: since.treeSize });
    const start = await startAt(trx, tenantId, since);
    if ('kind' in start) return fail(start);
    frontier = start.frontier;
    previous = start.previous;
    report.receiptsChecked++;
  }
  /**
   * Redactions declared in the store, by the entry redacted. Each must be confirmed by its
   * redaction entry (later in the log) naming that entry and its new payload's hash.
   */
  const declared = new Map(
    (
      await trx
        .selectFrom('evidence_redactions')
        .select(['seq', 'redaction_seq', 'payload_sha256'])
        .where('tenant_id', '=', tenantId)
        .execute()
    ).map((r) => [Number(r.seq), { bySeq: Number(r.redaction_seq), payloadSha256: r.payload_sha256 }]),
  );
  const unconfirmed = new Map<number, number>();
  /** The tree as the walk grows it, a leaf at a time. */
  const tree = new TreeFolder(frontier);
  /** Brings the tree up to the walked entries and checks the root at each size a head or receipt names. */
  const checkTreeAt = async (size: number): Promise<EvidenceBreak | undefined> => {
    frontier = tree.frontier();
    const root = appendLeaves(walkMerkleHasher, frontier, []).root;
    const head = headsAt.get(size);
    if (head) {
      // A rotation the old (accepted) key endorsed makes the new key speak for the log too.
      if (accepted) {
        for (const r of rotations) {
          if (accepted.has(r.previous) && r.endorsement) {
            const oldKey = treeHeads.find((h) => safeFingerprint(h.publicKey) === r.previous)?.publicKey;
            const text = rotationMaterial({
              tenantId,
              previousKeyFingerprint: r.previous,
              keyFingerprint: r.next,
            });
            if (
              oldKey &&
              verifySignature(oldKey, text, r.endorsement) &&
              safeFingerprint(r.publicKey) === r.next
            )
              accepted.add(r.next);
          }
        }
      }
      const problem = await headProblem(head, accepted, pins.checkTimestamp);
      if (problem) return problem;
      if (head.rootHash !== root)
        return { kind: 'head_root_mismatch', seq: size, expected: head.rootHash, found: root };
      report.treeHeads++;
      report.lastTreeSize = size;
    }
    for (const receipt of receiptsAt.get(size) ?? []) {
      if (receipt.rootHash !== root)
        return { kind: 'receipt_not_consistent', seq: size, expected: receipt.rootHash, found: root };
      report.receiptsChecked++;
    }
    return undefined;
  };

  // The chain as the sequencer has linked it: entries appended since (still without their link,
  // migration 0045) are walked by a later verification.
  const head = await trx
    .selectFrom('timeline_heads')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const chainedTo = Number(head?.seq ?? 0);
  await sql`
    DECLARE verified_entries NO SCROLL CURSOR FOR
    SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
    FROM timeline_entries WHERE tenant_id = ${tenantId} AND seq > ${previous.seq} AND seq <= ${chainedTo}
    ORDER BY seq`.execute(trx);
  /**
   * The connection runs one query at a time, in the order sent: each batch's FETCH is followed by
   * the salts of the range it should cover (the next BATCH numbers), and once it lands, by its
   * row lookups and the next FETCH, so the server works through them while a batch is checked.
   * The entries' own checks (hashes, header parse) run on a worker thread (`precheck`), the next
   * batch's while this one is walked. Everything sent ahead is awaited before the transaction
   * ends, even after a break.
   */
  const inFlight = new Set<Promise<unknown>>();
  const ahead = <T>(work: Promise<T>): Promise<T> => {
    const settled: Promise<unknown> = work.then(
      () => inFlight.delete(settled),
      () => inFlight.delete(settled),
    );
    inFlight.add(settled);
    return work;
  };
  const fetchAfter = (seq: number) => ({
    first: seq + 1,
    rows: ahead(
      sql<StoredEntry>`FETCH ${sql.raw(String(BATCH))} FROM verified_entries`
        .execute(trx)
        .then((r) => r.rows),
    ),
    salts: ahead(personalSaltsBetween(trx, tenantId, seq + 1, seq + BATCH)),
  });
  /**
   * A batch made ready to walk: its rows, their salts, its row lookups and the next FETCH sent,
   * and its precheck on its way. The next batch is made ready while this one is walked.
   */
  const prepare = async (fetched: ReturnType<typeof fetchAfter>) => {
    const rows = await fetched.rows;
    if (rows.length === 0) return undefined;
    const firstSeq = Number(rows[0]!.seq);
    const lastSeq = Number(rows.at(-1)!.seq);
    const lookups = ahead(lookupRows(trx, tenantId, rows));
    const following = rows.length === BATCH ? fetchAfter(lastSeq) : undefined;
    // Numbers outside the range read ahead (a gap, which breaks in the walk): their salts read now.
    const salts =
      firstSeq >= fetched.first && lastSeq < fetched.first + BATCH
        ? await fetched.salts
        : await personalSaltsBetween(trx, tenantId, firstSeq, lastSeq);
    return { rows, salts, lookups, following, prechecked: precheck(batchColumns(rows, salts), share) };
  };

  /** The part of each batch prechecked on the worker thread (the rest is prechecked here). */
  let share = 0.5;
  let ready: ReturnType<typeof prepare> | undefined = ahead(prepare(fetchAfter(previous.seq)));
  try {
    while (ready) {
      const batch: Awaited<ReturnType<typeof prepare>> = await ready;
      if (!batch) break;
      ready = batch.following ? ahead(prepare(batch.following)) : undefined;
      const { rows, salts, lookups } = batch;
      const asked = performance.now();
      const prechecked = await batch.prechecked;
      // The worker's share follows how long this thread waited for it: less when it did.
      share = performance.now() - asked > 1 ? Math.max(0, share - 0.05) : Math.min(0.9, share + 0.05);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const seq = Number(row.seq);
        if (
          prechecked.plain[i] === 1 &&
          seq === previous.seq + 1 &&
          row.prev_hash === previous.hash &&
          !checkpoints.has(seq) &&
          !declared.has(seq) &&
          !headsAt.has(seq) &&
          !receiptsAt.has(seq) &&
          !WALKED_IN_FULL.has(row.entry_type)
        ) {
          // Held on its own (precheck) and links to the one before: what the full check below finds too.
          report.entries++;
          previous = { seq, hash: row.hash };
          tree.add(prechecked.leaves, 32 * i);
          continue;
        }
        const header = JSON.parse(row.material) as EntryHeader;
        if (Number(row.seq) !== header.seq)
          return fail({ kind: 'column_mismatch', seq: Number(row.seq), column: 'seq' });
        const check = payloadToCheck(row.payload, salts.get(header.seq));
        // The header text is encoded once for both its hash and its leaf.
        const digests = headerDigests(row.material);
        const sha256 = (text: string) => (text === row.material ? digests.hash : sha256Text(text));
        let broken = checkStoredLink(sha256, previous, {
          header,
          headerText: row.material,
          hash: row.hash,
          payloadText: check,
        });
        const redaction = declared.get(header.seq);
        if (redaction) {
          // A redaction of an entry written before fields were sealed replaces its payload whole:
          // it is then checked against the hash its redaction entry declares, not its own.
          const hashHolds = !broken;
          if (broken?.kind === 'payload_mismatch' && sha256Hex(row.payload) === redaction.payloadSha256)
            broken = undefined;
          if (!broken) {
            unconfirmed.set(header.seq, redaction.bySeq);
            if (report.redactions.length < 100)
              report.redactions.push({ seq: header.seq, bySeq: redaction.bySeq, hashHolds });
          }
        }
        if (broken) return fail(broken);
        if (row.entry_type === 'personal_data.erased') {
          const p = JSON.parse(row.payload) as { redacted?: { seq: number; payloadSha256: string }[] };
          for (const r of p.redacted ?? []) {
            const d = declared.get(r.seq);
            if (d && d.bySeq === header.seq && d.payloadSha256 === r.payloadSha256) unconfirmed.delete(r.seq);
          }
        }
        if (row.prev_hash !== header.prevHash)
          return fail({ kind: 'column_mismatch', seq: header.seq, column: 'prev_hash' });
        if (row.entry_type !== header.type)
          return fail({ kind: 'column_mismatch', seq: header.seq, column: 'entry_type' });
        if (row.subject_type !== header.subject.type || row.subject_id !== header.subject.id) {
          return fail({ kind: 'column_mismatch', seq: header.seq, column: 'subject' });
        }
        for (const sha256 of header.blobs) {
          const bytes = await deps.blobs.get(sha256);
          if (!bytes) return fail({ kind: 'blob_missing', seq: header.seq, sha256 });
          const found = sha256Hex(bytes);
          if (found !== sha256) return fail({ kind: 'blob_changed', seq: header.seq, sha256, found });
          report.blobsChecked++;
        }
        const checkpoint = checkpoints.get(header.seq);
        if (checkpoint) {
          if (checkpoint.hash !== row.hash) {
            return fail({
              kind: 'checkpoint_mismatch',
              seq: header.seq,
              expected: checkpoint.hash,
              found: row.hash,
            });
          }
          report.lastSignedSeq = header.seq;
        }
        report.entries++;
        previous = { seq: header.seq, hash: row.hash };
        tree.addHex(digests.leaf);
        if (row.entry_type === 'evidence.signing_key_rotated') {
          const p = JSON.parse(row.payload) as {
            previousKeyFingerprint: string;
            keyFingerprint: string;
            publicKey: string;
            endorsement?: string | null;
          };
          rotations.push({
            previous: p.previousKeyFingerprint,
            next: p.keyFingerprint,
            endorsement: p.endorsement ?? null,
            publicKey: p.publicKey,
          });
        }
        if (headsAt.has(header.seq) || receiptsAt.has(header.seq)) {
          const problem = await checkTreeAt(header.seq);
          if (problem) return fail(problem);
        }
      }
      const rowProblem = compareRows(rows, await lookups, cases);
      report.rowsChecked += rowProblem.checked;
      costLinesMet += rowProblem.costLines;
      if (rowProblem.break) return fail(rowProblem.break);
    }
  } finally {
    // Stopped at a break with queries still on their way: let them land before the transaction ends
    // (a batch being made ready may send more as it goes).
    while (inFlight.size > 0) await Promise.all([...inFlight]);
  }

  // Deleting the newest entries leaves a valid chain; the head row and the checkpoints remember more.
  if (since) {
    // What is before the starting head was verified then; checkpoints before it are not walked again.
    for (const seq of [...checkpoints.keys()]) if (seq <= since.treeSize) checkpoints.delete(seq);
  }
  const expectedLast = Math.max(Number(head?.seq ?? 0), ...[...checkpoints.keys()]);
  if (expectedLast > previous.seq)
    return fail({ kind: 'missing_tail', seq: expectedLast, lastSeq: previous.seq });
  if (head && Number(head.seq) === previous.seq && head.hash !== previous.hash) {
    return fail({ kind: 'hash_mismatch', seq: previous.seq, expected: head.hash, found: previous.hash });
  }
  // A payload replaced without an erasure entry saying so is a rewrite, not a redaction.
  const [notRecorded] = unconfirmed;
  if (notRecorded) return fail({ kind: 'redaction_unrecorded', seq: notRecorded[0], bySeq: notRecorded[1] });
  const caseProblem = await checkCaseRows(trx, tenantId, cases);
  report.rowsChecked += caseProblem.checked;
  if (caseProblem.break) return fail(caseProblem.break);
  if (!since) {
    // Only a walk from the first entry has met every line that names one.
    const costProblem = await checkCostLinesRecorded(trx, tenantId, previous.seq, costLinesMet);
    if (costProblem.break) return fail(costProblem.break);
  }
  // A head or receipt beyond the entries: the tail was cut off after it was signed or handed out.
  const furthest = Math.max(treeHeads.at(-1)?.treeSize ?? 0, receipts.at(-1)?.treeSize ?? 0);
  if (furthest > previous.seq) {
    const kind = (receipts.at(-1)?.treeSize ?? 0) > previous.seq ? 'receipt_beyond_log' : 'missing_tail';
    return fail({ kind, seq: furthest, lastSeq: previous.seq });
  }
  // The tree as the log stores it (what proofs are served from) is the tree of the entries.
  const log = await trx
    .selectFrom('evidence_logs')
    .select(['tree_size', 'root_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (log && Number(log.tree_size) > 0) {
    const size = Number(log.tree_size);
    if (size > previous.seq) return fail({ kind: 'missing_tail', seq: size, lastSeq: previous.seq });
    // Recompute the root at the log's size from the walk (already past it: rebuild from stored leaves is not trusted).
    if (size === previous.seq) {
      frontier = tree.frontier();
      const root = appendLeaves(walkMerkleHasher, frontier, []).root;
      if (root !== log.root_hash)
        return fail({ kind: 'log_root_mismatch', seq: size, expected: log.root_hash, found: root });
    }
  }
  if (accepted && treeHeads.length === 0 && receipts.length === 0 && !since && report.entries > 0) {
    // Nothing signed by a trusted key covers the record.
    return fail({ kind: 'head_key_not_pinned', seq: 0, keyFingerprint: 'none' });
  }
  report.unsignedTail = previous.seq - report.lastSignedSeq;
  return report;
}

/** Entry types the walk reads more of than the precheck covers (what they say changes the walk). */
const WALKED_IN_FULL = new Set(['personal_data.erased', 'evidence.signing_key_rotated']);

/** A batch's columns for `precheck`, each payload as its hash is checked (none when that fails: checked in full). */
function batchColumns(
  rows: readonly StoredEntry[],
  salts: Map<number, Record<string, string>>,
): PrecheckBatch {
  const batch: PrecheckBatch = {
    seqs: [],
    materials: [],
    checks: [],
    hashes: [],
    prevHashes: [],
    types: [],
    subjectTypes: [],
    subjectIds: [],
  };
  for (const row of rows) {
    const seq = Number(row.seq);
    let check: string | null;
    try {
      check = payloadToCheck(row.payload, salts.get(seq));
    } catch {
      // Reported (or thrown) in order by the full check, not here.
      check = null;
    }
    batch.seqs.push(seq);
    batch.materials.push(row.material);
    batch.checks.push(check);
    batch.hashes.push(row.hash);
    batch.prevHashes.push(row.prev_hash);
    batch.types.push(row.entry_type);
    batch.subjectTypes.push(row.subject_type);
    batch.subjectIds.push(row.subject_id);
  }
  return batch;
}

/** The salts of the personal fields of the entries from `first` to `last`, by entry (one index range read). */
export async function personalSaltsBetween(
  db: Kysely<Database>,
  tenantId: string,
  first: number,
  last: number,
): Promise<Map<number, Record<string, string>>> {
  const bySeq = new Map<number, Record<string, string>>();
  const found = await db
    .selectFrom('evidence_personal_salts')
    .select(['seq', 'field', 'salt'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '>=', first)
    .where('seq', '<=', last)
    .execute();
  for (const r of found) {
    const seq = Number(r.seq);
    bySeq.set(seq, { ...bySeq.get(seq), [r.field]: r.salt });
  }
  return bySeq;
}

/**
 * The payload text whose SHA-256 the header holds: the stored text itself, or, for an entry with
 * sealed or redacted personal fields, its commit form (each personal value as its salted hash).
 */
export function payloadToCheck(payload: string, salts: Record<string, string> | undefined): string {
  if (!salts && !hasRedactionMarkers(payload)) return payload;
  return canonicalJson(commitForm(sha256Hex, JSON.parse(payload) as unknown, salts ?? {}));
}

/**
 * Where an incremental walk starts: the stored right edge of the tree at the head's size must
 * fold to the head's root (else the log no longer extends it), and the entry at that size must be
 * the leaf the tree holds there (its inclusion proof checks against the head), so its hash can
 * continue the chain.
 */
async function startAt(
  trx: Kysely<Database>,
  tenantId: string,
  head: SignedTreeHead,
): Promise<{ frontier: Frontier; previous: { seq: number; hash: string } } | EvidenceBreak> {
  const m = head.treeSize;
  const notConsistent = (found: string): EvidenceBreak => ({
    kind: 'receipt_not_consistent',
    seq: m,
    expected: head.rootHash,
    found,
  });
  let frontier: Frontier;
  try {
    frontier = await loadFrontier(trx, tenantId, m);
  } catch {
    return { kind: 'receipt_beyond_log', seq: m, lastSeq: 0 };
  }
  const root = appendLeaves(merkleHasher, frontier, []).root;
  if (root !== head.rootHash) return notConsistent(root);
  const entry = await trx
    .selectFrom('timeline_entries')
    .select(['material', 'hash'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '=', m)
    .executeTakeFirst();
  if (!entry) return { kind: 'receipt_beyond_log', seq: m, lastSeq: m - 1 };
  const proof = await inclusionProof({ db: trx }, tenantId, m, m);
  const leaf = merkleHasher.leaf(entry.material);
  if (!verifyInclusion(merkleHasher, leaf, m - 1, m, proof.path, head.rootHash)) return notConsistent(leaf);
  if (entry.hash === null || sha256Hex(entry.material) !== entry.hash)
    return { kind: 'hash_mismatch', seq: m, expected: sha256Hex(entry.material), found: entry.hash ?? '' };
  return { frontier, previous: { seq: m, hash: entry.hash } };
}

/** One sentence, in both languages, saying where the record breaks. */
export function describeBreak(b: EvidenceBreak): { en: string; zh: string } {
  switch (b.kind) {
    case 'gap':
      return {
        en: `Entry ${b.expectedSeq} is missing (the next entry found is ${b.seq}).`,
        zh: `缺少第 ${b.expectedSeq} 条记录（下一条为第 ${b.seq} 条）。`,
      };
    case 'prev_hash_mismatch':
      return {
        en: `Entry ${b.seq} does not point at the entry before it: an earlier entry was rewritten.`,
        zh: `第 ${b.seq} 条记录未指向前一条记录：之前的记录被改写。`,
      };
    case 'payload_mismatch':
      return {
        en: `Entry ${b.seq} was changed after it was recorded (its content no longer matches the hash its header holds).`,
        zh: `第 ${b.seq} 条记录在记录后被修改（内容与记录头中的哈希不符）。`,
      };
    case 'hash_mismatch':
      return {
        en: `Entry ${b.seq} was changed after it was recorded (its hash no longer matches its content).`,
        zh: `第 ${b.seq} 条记录在记录后被修改（哈希与内容不符）。`,
      };
    case 'column_mismatch':
      return {
        en: `Entry ${b.seq}: the stored ${b.column} differs from the recorded entry.`,
        zh: `第 ${b.seq} 条记录：存储的 ${b.column} 与记录内容不一致。`,
      };
    case 'blob_missing':
      return {
        en: `Entry ${b.seq}: the attached file ${b.sha256} is missing.`,
        zh: `第 ${b.seq} 条记录：附件 ${b.sha256} 缺失。`,
      };
    case 'blob_changed':
      return {
        en: `Entry ${b.seq}: the attached file ${b.sha256} was changed (its bytes now hash to ${b.found}).`,
        zh: `第 ${b.seq} 条记录：附件 ${b.sha256} 被修改。`,
      };
    case 'checkpoint_signature_invalid':
      return {
        en: `The checkpoint at entry ${b.seq} has an invalid signature.`,
        zh: `第 ${b.seq} 条记录处的检查点签名无效。`,
      };
    case 'checkpoint_mismatch':
      return {
        en: `Entry ${b.seq} differs from the one its signed checkpoint covers.`,
        zh: `第 ${b.seq} 条记录与已签名检查点所覆盖的记录不符。`,
      };
    case 'missing_tail':
      return {
        en: `Entries after ${b.lastSeq} up to ${b.seq} are missing.`,
        zh: `第 ${b.lastSeq} 条之后至第 ${b.seq} 条的记录缺失。`,
      };
    case 'head_signature_invalid':
      return {
        en: `The signed tree head at size ${b.seq} has an invalid signature.`,
        zh: `规模为 ${b.seq} 的签名树头签名无效。`,
      };
    case 'head_key_not_pinned':
      return {
        en: `The tree head at size ${b.seq} is signed by key ${b.keyFingerprint}, not by a key you trust.`,
        zh: `规模为 ${b.seq} 的树头由密钥 ${b.keyFingerprint} 签名，而非您信任的密钥。`,
      };
    case 'head_root_mismatch':
      return {
        en: `The entries up to ${b.seq} do not give the root their signed tree head holds: they were changed.`,
        zh: `前 ${b.seq} 条记录算出的根哈希与签名树头不符：记录已被改动。`,
      };
    case 'receipt_signature_invalid':
      return {
        en: `The receipt at size ${b.seq} is not signed by a key you trust.`,
        zh: `规模为 ${b.seq} 的回执并非由您信任的密钥签名。`,
      };
    case 'receipt_not_consistent':
      return {
        en: `The record no longer extends the receipt at size ${b.seq}: entries up to it were rewritten.`,
        zh: `记录已不再延续规模为 ${b.seq} 的回执：其之前的记录被改写。`,
      };
    case 'receipt_beyond_log':
      return {
        en: `A receipt covers ${b.seq} entries but the record holds only ${b.lastSeq}: the end was cut off.`,
        zh: `回执覆盖 ${b.seq} 条记录，但记录仅有 ${b.lastSeq} 条：末尾被删除。`,
      };
    case 'timestamp_invalid':
      return {
        en: `The timestamp of the tree head at size ${b.seq} does not hold (${b.reason}).`,
        zh: `规模为 ${b.seq} 的树头时间戳无效（${b.reason}）。`,
      };
    case 'log_root_mismatch':
      return {
        en: `The stored Merkle tree at size ${b.seq} differs from the tree of the entries.`,
        zh: `存储的默克尔树（规模 ${b.seq}）与记录算出的不符。`,
      };
    case 'redaction_unrecorded':
      return {
        en: `Entry ${b.seq} was changed as a redaction, but entry ${b.bySeq} does not record that erasure.`,
        zh: `第 ${b.seq} 条记录以删除个人信息为名被修改，但第 ${b.bySeq} 条记录并未记载该删除。`,
      };
    case 'row_mismatch':
      return {
        en: `What ${b.table} shows for entry ${b.seq} (${b.column}) differs from what the record says.`,
        zh: `${b.table} 中第 ${b.seq} 条记录对应的 ${b.column} 与证据记录不符。`,
      };
  }
}

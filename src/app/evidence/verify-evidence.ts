import { type Kysely, sql } from 'kysely';
import {
  type ChainBreak,
  checkpointMaterial,
  checkStoredLink,
  type EntryHeader,
  GENESIS_HASH,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { Database } from '../../store/schema.ts';
import { verifySignature } from '../../store/signing-key.ts';
import type { AppDeps } from '../context.ts';
import { type Checkpoint, toCheckpoint } from './create-checkpoint.ts';

export type EvidenceBreak =
  | ChainBreak
  | { kind: 'column_mismatch'; seq: number; column: string }
  | { kind: 'blob_missing'; seq: number; sha256: string }
  | { kind: 'blob_changed'; seq: number; sha256: string; found: string }
  | { kind: 'checkpoint_signature_invalid'; seq: number }
  | { kind: 'checkpoint_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'missing_tail'; seq: number; lastSeq: number };

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
  firstBreak?: EvidenceBreak;
}

/** Entries fetched at a time from the cursor; the next batch is on its way while one is checked. */
const BATCH = 2000;

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
export function verifyEvidence(deps: AppDeps, tenantId: string): Promise<VerificationReport> {
  return deps.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => verifyInSnapshot(deps, trx, tenantId));
}

async function verifyInSnapshot(
  deps: AppDeps,
  trx: Kysely<Database>,
  tenantId: string,
): Promise<VerificationReport> {
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
  };
  const fail = (firstBreak: EvidenceBreak) => ({ ...report, ok: false, firstBreak });

  for (const checkpoint of checkpoints.values()) {
    if (!verifySignature(checkpoint.publicKey, checkpointMaterial(checkpoint), checkpoint.signature)) {
      return fail({ kind: 'checkpoint_signature_invalid', seq: checkpoint.seq });
    }
  }

  await sql`
    DECLARE verified_entries NO SCROLL CURSOR FOR
    SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
    FROM timeline_entries WHERE tenant_id = ${tenantId} ORDER BY seq`.execute(trx);
  const fetchBatch = async () =>
    (await sql<StoredEntry>`FETCH ${sql.raw(String(BATCH))} FROM verified_entries`.execute(trx)).rows;

  let previous = { seq: 0, hash: GENESIS_HASH };
  let next: Promise<StoredEntry[]> | undefined = fetchBatch();
  try {
    while (next) {
      const rows: StoredEntry[] = await next;
      next = rows.length === BATCH ? fetchBatch() : undefined;
      for (const row of rows) {
        const header = JSON.parse(row.material) as EntryHeader;
        if (Number(row.seq) !== header.seq)
          return fail({ kind: 'column_mismatch', seq: Number(row.seq), column: 'seq' });
        const broken = checkStoredLink(sha256Hex, previous, {
          header,
          headerText: row.material,
          hash: row.hash,
          payloadText: row.payload,
        });
        if (broken) return fail(broken);
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
      }
    }
  } finally {
    // Stopped at a break with a batch still on its way: let it land before the transaction ends.
    await next?.catch(() => undefined);
  }

  // Deleting the newest entries leaves a valid chain; the head row and the checkpoints remember more.
  const head = await trx
    .selectFrom('timeline_heads')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const expectedLast = Math.max(Number(head?.seq ?? 0), ...[...checkpoints.keys()]);
  if (expectedLast > previous.seq)
    return fail({ kind: 'missing_tail', seq: expectedLast, lastSeq: previous.seq });
  if (head && Number(head.seq) === previous.seq && head.hash !== previous.hash) {
    return fail({ kind: 'hash_mismatch', seq: previous.seq, expected: head.hash, found: previous.hash });
  }
  report.unsignedTail = previous.seq - report.lastSignedSeq;
  return report;
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
  }
}

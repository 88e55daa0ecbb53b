import type { Kysely } from 'kysely';
import {
  type ChainedEntry,
  canonicalJson,
  chainEntry,
  type EntryContent,
  GENESIS_HASH,
  hashMaterial,
  headerOf,
} from '../../domain/evidence/entry.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';

/**
 * The head each open transaction holds, per tenant, once it has claimed it: later appends in the
 * same transaction need not claim it again (the row stays locked until commit or rollback, and
 * nothing here uses savepoints, so no statement of ours can be undone while the rest goes on).
 */
const heldHeads = new WeakMap<object, Map<string, { seq: number; hash: string }>>();

/**
 * Appends one entry to the tenant's evidence record, inside the caller's transaction, so the
 * record and the change it describes commit together or not at all. The head row is locked
 * for the rest of the transaction: appends of one tenant queue, and sequence numbers have no gaps.
 * Two round trips for the first entry of a transaction (claim the head; write the entry and the
 * new head), one for each later one.
 */
export async function appendEntry(
  deps: Pick<AppDeps, 'now'>,
  trx: Kysely<Database>,
  tenantId: string,
  content: EntryContent,
): Promise<ChainedEntry> {
  if (!trx.isTransaction)
    throw new Error('appendEntry must run inside the transaction of the change it records');
  let held = heldHeads.get(trx);
  if (!held) {
    held = new Map();
    heldHeads.set(trx, held);
  }
  let head = held.get(tenantId);
  if (!head) {
    // One statement takes the next number and the previous hash, and holds the head row locked
    // until commit: the first entry of a tenant finds no head and starts it (at seq 1, genesis).
    const claimed = await trx
      .insertInto('timeline_heads')
      .values({ tenant_id: tenantId, seq: 1, hash: GENESIS_HASH })
      .onConflict((oc) =>
        oc.column('tenant_id').doUpdateSet((eb) => ({ seq: eb('timeline_heads.seq', '+', 1) })),
      )
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    head = { seq: Number(claimed.seq) - 1, hash: claimed.hash };
  }
  const recordedAt = deps.now().toISOString();
  const entry = chainEntry(sha256Hex, head, normalize(content), tenantId, recordedAt);
  const { hash } = entry;
  // The entry and the new head in one statement.
  await trx
    .with('entry', (db) =>
      db.insertInto('timeline_entries').values({
        tenant_id: tenantId,
        seq: entry.seq,
        entry_type: entry.type,
        subject_type: entry.subject.type,
        subject_id: entry.subject.id,
        recorded_at: recordedAt,
        material: hashMaterial(headerOf(entry)),
        payload: canonicalJson(entry.payload),
        prev_hash: entry.prevHash,
        hash,
      }),
    )
    .updateTable('timeline_heads')
    .set({ seq: entry.seq, hash })
    .where('tenant_id', '=', tenantId)
    .execute();
  held.set(tenantId, { seq: entry.seq, hash });
  return entry;
}

/** Times as ISO 8601 in UTC with milliseconds, so the same instant always hashes the same. */
function normalize(content: EntryContent): EntryContent {
  return { ...content, occurredAt: new Date(content.occurredAt).toISOString() };
}

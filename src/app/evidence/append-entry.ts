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
 * Appends one entry to the tenant's evidence record, inside the caller's transaction, so the
 * record and the change it describes commit together or not at all. The head row is locked
 * for the rest of the transaction: appends of one tenant queue, and sequence numbers have no gaps.
 */
export async function appendEntry(
  deps: Pick<AppDeps, 'now'>,
  trx: Kysely<Database>,
  tenantId: string,
  content: EntryContent,
): Promise<ChainedEntry> {
  if (!trx.isTransaction)
    throw new Error('appendEntry must run inside the transaction of the change it records');
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
  const head = { seq: Number(claimed.seq) - 1, hash: claimed.hash };
  const recordedAt = deps.now().toISOString();
  const entry = chainEntry(sha256Hex, head, normalize(content), tenantId, recordedAt);
  const { hash } = entry;
  await trx
    .insertInto('timeline_entries')
    .values({
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
    })
    .execute();
  await trx.updateTable('timeline_heads').set({ hash }).where('tenant_id', '=', tenantId).execute();
  return entry;
}

/** Times as ISO 8601 in UTC with milliseconds, so the same instant always hashes the same. */
function normalize(content: EntryContent): EntryContent {
  return { ...content, occurredAt: new Date(content.occurredAt).toISOString() };
}

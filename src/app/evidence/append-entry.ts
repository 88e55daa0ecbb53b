import { type Kysely, type QueryCreator, sql } from 'kysely';
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
 * same transaction need not claim it again (the row stays locked until commit or rollback). The
 * only partial undo is `underSavepoint`, which puts this back as it was.
 */
const heldHeads = new WeakMap<object, Map<string, { seq: number; hash: string }>>();

function heldBy(trx: Kysely<Database>): Map<string, { seq: number; hash: string }> {
  let held = heldHeads.get(trx);
  if (!held) {
    held = new Map();
    heldHeads.set(trx, held);
  }
  return held;
}

/**
 * The statement that claims a tenant's chain head: it takes the next number and returns it with
 * the previous hash, and holds the head row locked until commit (the first entry of a tenant
 * finds no head and starts it, at seq 1 after genesis). Run by `appendEntries`, or by a use case
 * inside a larger statement of its own (as a CTE) followed by `holdClaimedHead`, so that taking
 * the lock costs no round trip of its own.
 */
export function claimHeadQuery(db: QueryCreator<Database>, tenantId: string) {
  return db
    .insertInto('timeline_heads')
    .values({ tenant_id: tenantId, seq: 1, hash: GENESIS_HASH })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet((eb) => ({ seq: eb('timeline_heads.seq', '+', 1) })),
    )
    .returning(['seq', 'hash']);
}

/** Tells this transaction's next append the head `claimHeadQuery` claimed (its `seq` and `hash` as returned). */
export function holdClaimedHead(
  trx: Kysely<Database>,
  tenantId: string,
  claimed: { seq: number | string; hash: string },
): void {
  const held = heldBy(trx);
  if (held.has(tenantId)) throw new Error('the chain head of this tenant is already held');
  held.set(tenantId, { seq: Number(claimed.seq) - 1, hash: claimed.hash });
}

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
  const [entry] = await appendEntries(deps, trx, tenantId, [content]);
  return entry!;
}

/**
 * Appends entries in order, as `appendEntry` one after the other would, in at most two round
 * trips: claim the head (unless this transaction holds it already), then write the entries and
 * the new head in one statement.
 */
export async function appendEntries(
  deps: Pick<AppDeps, 'now'>,
  trx: Kysely<Database>,
  tenantId: string,
  contents: readonly EntryContent[],
): Promise<ChainedEntry[]> {
  if (!trx.isTransaction)
    throw new Error('appendEntry must run inside the transaction of the change it records');
  if (contents.length === 0) return [];
  const held = heldBy(trx);
  let head = held.get(tenantId);
  if (!head) {
    const claimed = await claimHeadQuery(trx, tenantId).executeTakeFirstOrThrow();
    head = { seq: Number(claimed.seq) - 1, hash: claimed.hash };
  }
  const entries: ChainedEntry[] = [];
  const rows = contents.map((content) => {
    const recordedAt = deps.now().toISOString();
    const entry = chainEntry(sha256Hex, head!, normalize(content), tenantId, recordedAt);
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
    return {
      tenant_id: tenantId,
      seq: entry.seq,
      entry_type: entry.type,
      subject_type: entry.subject.type,
      subject_id: entry.subject.id,
      recorded_at: recordedAt,
      material: hashMaterial(headerOf(entry)),
      payload: canonicalJson(entry.payload),
      prev_hash: entry.prevHash,
      hash: entry.hash,
    };
  });
  // The entries and the new head in one statement.
  await trx
    .with('entries', (db) => db.insertInto('timeline_entries').values(rows))
    .updateTable('timeline_heads')
    .set({ seq: head.seq, hash: head.hash })
    .where('tenant_id', '=', tenantId)
    .execute();
  held.set(tenantId, head);
  return entries;
}

/** Times as ISO 8601 in UTC with milliseconds, so the same instant always hashes the same. */
function normalize(content: EntryContent): EntryContent {
  return { ...content, occurredAt: new Date(content.occurredAt).toISOString() };
}

/**
 * Runs one piece of a larger transaction under a savepoint: if it throws, everything it wrote
 * (entries appended included) is undone, the chain heads this transaction holds are as they were
 * before it, and the transaction goes on. For a worker that must not let one bad item stop the
 * rest. Gives the piece's value, or the error it threw.
 */
export async function underSavepoint<T>(
  trx: Kysely<Database>,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const held = heldBy(trx);
  const before = new Map(held);
  await sql`SAVEPOINT servicebook_item`.execute(trx);
  try {
    const value = await work();
    await sql`RELEASE SAVEPOINT servicebook_item`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT servicebook_item`.execute(trx);
    held.clear();
    for (const [tenant, head] of before) held.set(tenant, head);
    return { ok: false, error };
  }
}

/**
 * A worker's pass over the items it claimed: each under its own savepoint (`underSavepoint`), the
 * counts each reports added to `counts`. The items that threw are undone and returned with their
 * error's message, for the caller to put off and report. (Give `work`'s parameter its type: the
 * counts are then inferred from what it returns.)
 */
export async function eachUnderSavepoint<Row, Count extends string>(
  trx: Kysely<Database>,
  rows: readonly Row[],
  counts: NoInfer<{ [K in Count]: number }>,
  work: (row: Row) => Promise<{ [K in Count]: number }>,
): Promise<Array<{ row: Row; error: string }>> {
  const failed: Array<{ row: Row; error: string }> = [];
  for (const row of rows) {
    const done = await underSavepoint(trx, () => work(row));
    if (!done.ok) {
      failed.push({ row, error: done.error instanceof Error ? done.error.message : String(done.error) });
      continue;
    }
    for (const k of Object.keys(done.value) as Count[]) counts[k] += done.value[k];
  }
  return failed;
}

import { randomBytes } from 'node:crypto';
import { type QueryCreator, sql } from 'kysely';
import {
  type ChainedEntry,
  canonicalJson,
  chainEntry,
  type EntryContent,
  GENESIS_HASH,
  hashMaterial,
  headerOf,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { Tx } from '../transaction.ts';

/**
 * The statement that claims a tenant's chain head: it takes the next number and returns it with
 * the previous hash, and holds the head row locked until commit (the first entry of a tenant
 * finds no head and starts it, at seq 1 after genesis).
 */
function claimHeadQuery(db: QueryCreator<Database>, tenantId: string) {
  return db
    .insertInto('timeline_heads')
    .values({ tenant_id: tenantId, seq: 1, hash: GENESIS_HASH })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet((eb) => ({ seq: eb('timeline_heads.seq', '+', 1) })),
    )
    .returning(['seq', 'hash']);
}

/**
 * Appends one entry to the tenant's evidence record, inside the caller's transaction, so the
 * record and the change it describes commit together or not at all. The head row is locked
 * for the rest of the transaction: appends of one tenant queue, and sequence numbers have no gaps.
 */
export async function appendEntry(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
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
/**
 * The personal fields of an entry's payload (top-level keys) and whose they are: each is sealed
 * with a salt of its own, so the entry's hash covers SHA-256(salt || value) and the value can be
 * erased later without breaking the hash (`commitForm`).
 */
export interface PersonalFields {
  partyId: string;
  fields: readonly string[];
}

export type ContentToAppend = EntryContent & { personal?: PersonalFields | undefined };

function saltsFor(content: ContentToAppend): Record<string, string> {
  const salts: Record<string, string> = {};
  const payload = content.payload as Record<string, unknown> | null;
  if (!content.personal || typeof payload !== 'object' || payload === null) return salts;
  for (const field of content.personal.fields) {
    if (payload[field] !== undefined && payload[field] !== null)
      salts[field] = randomBytes(16).toString('hex');
  }
  return salts;
}

export async function appendEntries(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  tenantId: string,
  contents: readonly ContentToAppend[],
): Promise<ChainedEntry[]> {
  if (contents.length === 0) return [];
  const held = trx.heldHeads;
  let head = held.get(tenantId);
  if (!head) {
    const claimed = await claimHeadQuery(trx, tenantId).executeTakeFirstOrThrow();
    head = { seq: Number(claimed.seq) - 1, hash: claimed.hash };
  }
  const entries: ChainedEntry[] = [];
  const saltRows: { tenant_id: string; seq: number; field: string; salt: string; party_id: string }[] = [];
  const rows = contents.map(({ personal, ...content }) => {
    const recordedAt = deps.now().toISOString();
    const salts = saltsFor({ ...content, personal });
    const entry = chainEntry(sha256Hex, head!, normalize(content), tenantId, recordedAt, salts);
    entries.push(entry);
    for (const [field, salt] of Object.entries(salts))
      saltRows.push({ tenant_id: tenantId, seq: entry.seq, field, salt, party_id: personal!.partyId });
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
  if (saltRows.length > 0) await trx.insertInto('evidence_personal_salts').values(saltRows).execute();
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
  trx: Tx,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const held = trx.heldHeads;
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
  trx: Tx,
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

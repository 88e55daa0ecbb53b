import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  canonicalJson,
  draftEntry,
  draftMaterial,
  type EntryContent,
  type RecordedEntry,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { AppDeps } from '../context.ts';
import type { Tx } from '../transaction.ts';

/**
 * Appends one entry to the tenant's evidence record, inside the caller's transaction, so the
 * record and the change it describes commit together or not at all.
 */
export async function appendEntry(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  tenantId: string,
  content: EntryContent,
): Promise<RecordedEntry> {
  const [entry] = await appendEntries(deps, trx, tenantId, [content]);
  return entry!;
}

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

/**
 * Appends entries in order, in one statement, without a tenant-wide lock (issue 13): each takes
 * the next number of the tenant's sequence (`servicebook_next_entry_seq`, migration 0045: no wait,
 * and a rolled-back transaction leaves its numbers unused) and is written as a draft, its header
 * without `seq` and `prevHash`. The sequencer chains the committed entries in number order later
 * (`sequenceLog`), so concurrent transactions of one tenant never queue behind each other here.
 * The numbers of one statement rise in the order of its rows, so the entries get theirs in order.
 */
export async function appendEntries(
  deps: Pick<AppDeps, 'now'>,
  trx: Tx,
  tenantId: string,
  contents: readonly ContentToAppend[],
): Promise<RecordedEntry[]> {
  if (contents.length === 0) return [];
  const salted = contents.map(({ personal, ...content }) => {
    const salts = saltsFor({ ...content, personal });
    return {
      personal,
      salts,
      ...draftEntry(sha256Hex, normalize(content), tenantId, deps.now().toISOString(), salts),
    };
  });
  const inserted = await trx
    .insertInto('timeline_entries')
    .values(
      salted.map(({ draft, payload }) => ({
        tenant_id: tenantId,
        seq: sql<number>`servicebook_next_entry_seq(${tenantId})`,
        entry_type: draft.type,
        subject_type: draft.subject.type,
        subject_id: draft.subject.id,
        recorded_at: draft.recordedAt,
        material: draftMaterial(draft),
        payload: canonicalJson(payload),
        prev_hash: null,
        hash: null,
      })),
    )
    .returning('seq')
    .execute();
  const seqs = inserted.map((r) => Number(r.seq)).sort((a, b) => a - b);
  const entries = salted.map(({ draft, payload }, i) => ({ ...draft, seq: seqs[i]!, payload }));
  const saltRows = salted.flatMap(({ personal, salts }, i) =>
    Object.entries(salts).map(([field, salt]) => ({
      tenant_id: tenantId,
      seq: seqs[i]!,
      field,
      salt,
      party_id: personal!.partyId,
    })),
  );
  if (saltRows.length > 0) await trx.insertInto('evidence_personal_salts').values(saltRows).execute();
  return entries;
}

/** Times as ISO 8601 in UTC with milliseconds, so the same instant always hashes the same. */
function normalize(content: EntryContent): EntryContent {
  return { ...content, occurredAt: new Date(content.occurredAt).toISOString() };
}

/**
 * Runs one piece of a larger transaction under a savepoint: if it throws, everything it wrote
 * (entries appended included) is undone, and the transaction goes on. For a worker that must not let one bad item stop the
 * rest (its entries' numbers stay unused: the sequencer records them so). Gives the piece's value, or the error it threw.
 */
export async function underSavepoint<T>(
  trx: Tx,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`SAVEPOINT servicebook_item`.execute(trx);
  try {
    const value = await work();
    await sql`RELEASE SAVEPOINT servicebook_item`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT servicebook_item`.execute(trx);
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

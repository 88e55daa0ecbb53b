import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database, TimelineCheckpointTable } from './schema.ts';

/**
 * One stored entry as verification reads it: the header and payload exactly as stored (text, or
 * its UTF-8 bytes when read by COPY), and the columns copied from the header for queries.
 */
export interface StoredEntry {
  seq: number;
  material: string | Uint8Array;
  payload: string | Uint8Array;
  hash: string;
  prev_hash: string;
  entry_type: string;
  subject_type: string;
  subject_id: string;
}

/** One tenant's evidence record as of one moment: its checkpoints, its entries in order, its head. */
export interface EvidenceSnapshot {
  checkpoints(): Promise<TimelineCheckpointTable[]>;
  /** The entries in sequence order, a batch at a time (memory stays flat). */
  entries(): AsyncIterable<StoredEntry[]>;
  head(): Promise<{ seq: number; hash: string } | undefined>;
}

/** Runs `read` on one read-only snapshot (REPEATABLE READ) of a tenant's evidence record. */
export type EvidenceSnapshots = <T>(
  tenantId: string,
  read: (snapshot: EvidenceSnapshot) => Promise<T>,
) => Promise<T>;

/** Entries per batch. */
const BATCH = 2000;

/**
 * Through Kysely, for any engine (PGlite has no COPY to a client): a server-side cursor in key
 * order with only the checked columns, the next batch fetched while one is checked.
 */
export function cursorSnapshots(db: Kysely<Database>): EvidenceSnapshots {
  return (tenantId, read) =>
    db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) =>
        read({
          checkpoints: () =>
            trx.selectFrom('timeline_checkpoints').selectAll().where('tenant_id', '=', tenantId).execute(),
          head: () =>
            trx
              .selectFrom('timeline_heads')
              .select(['seq', 'hash'])
              .where('tenant_id', '=', tenantId)
              .executeTakeFirst(),
          entries: async function* () {
            await sql`
              DECLARE verified_entries NO SCROLL CURSOR FOR
              SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
              FROM timeline_entries WHERE tenant_id = ${tenantId} ORDER BY seq`.execute(trx);
            const fetchBatch = async () =>
              (await sql<StoredEntry>`FETCH ${sql.raw(String(BATCH))} FROM verified_entries`.execute(trx))
                .rows;
            let next: Promise<StoredEntry[]> | undefined = fetchBatch();
            try {
              while (next) {
                const rows: StoredEntry[] = await next;
                next = rows.length === BATCH ? fetchBatch() : undefined;
                yield rows;
              }
            } finally {
              // Stopped early with a batch on its way: let it land before the transaction ends.
              await next?.catch(() => undefined);
            }
          },
        }),
      );
}

/**
 * On PostgreSQL, from a pool client of its own: the entries by `COPY … TO STDOUT (FORMAT binary)`,
 * the server's fastest way to hand rows over. The texts arrive as their UTF-8 bytes, hashed as
 * they are, without being decoded into strings and encoded again.
 */
export function copySnapshots(pool: pg.Pool): EvidenceSnapshots {
  return async (tenantId, read) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await read({
        checkpoints: async () =>
          (
            await client.query<TimelineCheckpointTable>(
              'SELECT * FROM timeline_checkpoints WHERE tenant_id = $1',
              [tenantId],
            )
          ).rows,
        head: async () =>
          (
            await client.query<{ seq: number; hash: string }>(
              'SELECT seq, hash FROM timeline_heads WHERE tenant_id = $1',
              [tenantId],
            )
          ).rows[0],
        entries: () => copyEntries(client, tenantId),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

/** `PGCOPY\n\377\r\n\0`, then flags (int32) and the header extension's length (int32). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

async function* copyEntries(client: pg.PoolClient, tenantId: string): AsyncGenerator<StoredEntry[]> {
  // The tenant id is a uuid the caller holds; as a literal (COPY takes no parameters) it is
  // checked by its shape first.
  if (!/^[0-9a-f-]{36}$/i.test(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
  const stream = client.query(
    copyTo(
      `COPY (SELECT seq, material, payload, hash, prev_hash, entry_type, subject_type, subject_id
       FROM timeline_entries WHERE tenant_id = '${tenantId}' ORDER BY seq) TO STDOUT (FORMAT binary)`,
    ),
  );
  let pending: Buffer | undefined;
  let started = false;
  let batch: StoredEntry[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      if (!started) {
        if (buf.length < SIGNATURE.length + 8) {
          pending = buf;
          continue;
        }
        if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
        at = SIGNATURE.length + 8 + buf.readInt32BE(SIGNATURE.length + 4);
        started = true;
      }
      for (;;) {
        const row = readRow(buf, at);
        if (row === undefined) break;
        if (row === 'end') {
          at = buf.length;
          break;
        }
        batch.push(row.entry);
        at = row.next;
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      pending = at < buf.length ? buf.subarray(at) : undefined;
    }
    if (batch.length > 0) yield batch;
  } finally {
    // Stopped early (a break found): drain the rest so the connection is usable again.
    if (!stream.readableEnded) for await (const _ of stream as AsyncIterable<Buffer>);
  }
}

/** One tuple at `at`: the entry and where the next starts; undefined if it is not all here yet. */
function readRow(buf: Buffer, at: number): { entry: StoredEntry; next: number } | 'end' | undefined {
  if (buf.length - at < 2) return undefined;
  const fields = buf.readInt16BE(at);
  if (fields === -1) return 'end';
  if (fields !== 8) throw new Error(`a row of ${fields} columns, not 8`);
  // Where each field starts and ends; no checked column is nullable.
  const bounds = new Int32Array(16);
  let p = at + 2;
  for (let i = 0; i < 8; i++) {
    if (buf.length - p < 4) return undefined;
    const length = buf.readInt32BE(p);
    if (length < 0) throw new Error('a NULL in a column that has none');
    p += 4;
    if (buf.length - p < length) return undefined;
    bounds[2 * i] = p;
    bounds[2 * i + 1] = p + length;
    p += length;
  }
  const utf8 = (i: number) => buf.toString('utf8', bounds[2 * i], bounds[2 * i + 1]);
  return {
    entry: {
      // A bigint far below 2^53: two 32-bit halves, without a BigInt per row.
      seq: buf.readUInt32BE(bounds[0]) * 2 ** 32 + buf.readUInt32BE(bounds[0]! + 4),
      material: buf.subarray(bounds[2], bounds[3]),
      payload: buf.subarray(bounds[4], bounds[5]),
      hash: utf8(3),
      prev_hash: utf8(4),
      entry_type: utf8(5),
      subject_type: utf8(6),
      subject_id: utf8(7),
    },
    next: p,
  };
}

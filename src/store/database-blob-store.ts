import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type BlobStore, SHA256, sha256Hex } from './blob-store.ts';
import { describeUrl } from './database.ts';
import type { Database } from './schema.ts';

/** Bytes per row of `blob_parts`: what one statement carries, whatever the size of the file. */
export const BLOB_PART_BYTES = 1024 * 1024;

/**
 * Files in PostgreSQL (tables of migration 0016), reached by every server process on the
 * database. Each file is written in parts of at most 1 MiB, one INSERT each, then its
 * `blob_contents` row, all in one transaction: a file is there whole or not at all, and two
 * processes storing the same bytes at once meet on the primary keys (the second waits, then
 * finds the rows there). Reads fetch the parts in order, one statement each.
 *
 * It uses a pool of its own: files are stored while a use case holds a connection of the main
 * pool for its transaction, and waiting on that same pool could starve it. Hence PostgreSQL
 * only: the embedded database has one connection, taken by that transaction.
 */
export class DatabaseBlobStore implements BlobStore {
  readonly kind = 'database';
  readonly location: string;
  private readonly db: Kysely<Database>;

  constructor(databaseUrl: string, poolSize = 4) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    this.db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    this.location = `the database ${describeUrl(databaseUrl)}`;
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(bytes);
    const size = bytes.byteLength;
    if (await this.has(sha256)) return { sha256, size };
    const parts = Math.ceil(size / BLOB_PART_BYTES);
    await this.db.transaction().execute(async (trx) => {
      for (let part = 0; part < parts; part++) {
        const from = part * BLOB_PART_BYTES;
        await trx
          .insertInto('blob_parts')
          .values({
            sha256,
            part,
            bytes: Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.min(BLOB_PART_BYTES, size - from)),
          })
          .onConflict((oc) => oc.columns(['sha256', 'part']).doNothing())
          .execute();
      }
      await trx
        .insertInto('blob_contents')
        .values({ sha256, size, parts })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    });
    return { sha256, size };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const content = await this.db
      .selectFrom('blob_contents')
      .select(['size', 'parts'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!content) return undefined;
    const whole = Buffer.allocUnsafe(content.size);
    let at = 0;
    for (let part = 0; part < content.parts; part++) {
      const row = await this.db
        .selectFrom('blob_parts')
        .select('bytes')
        .where('sha256', '=', sha256)
        .where('part', '=', part)
        .executeTakeFirstOrThrow();
      whole.set(row.bytes, at);
      at += row.bytes.byteLength;
    }
    if (at !== content.size)
      throw new Error(`file ${sha256} is ${at} bytes in the database, not ${content.size}`);
    return whole;
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const row = await this.db
      .selectFrom('blob_contents')
      .select('sha256')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row !== undefined;
  }

  async *list(): AsyncIterable<string> {
    // Keyset pages over the primary key: a page costs the same however many files there are.
    let after = '';
    for (;;) {
      const page = await this.db
        .selectFrom('blob_contents')
        .select('sha256')
        .where('sha256', '>', after)
        .orderBy('sha256')
        .limit(500)
        .execute();
      for (const row of page) yield row.sha256;
      if (page.length < 500) return;
      after = page[page.length - 1]!.sha256;
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChanges } from '../src/app/evidence/record-change.ts';
import { verifyEvidence, WALK_BATCH } from '../src/app/evidence/verify-evidence.ts';
import { createTenant } from '../src/app/tenant/create-tenant.ts';
import { inTransaction } from '../src/app/transaction.ts';
import { ENGINE, openTestDatabase, type TestDatabase } from './support/database.ts';

/**
 * The full walk across batches: most entries pass on their precheck (off the event loop for full
 * batches), the rest are checked in full; an edit in a later batch is found at its entry either way.
 */
let db: TestDatabase;
let t: string;
const N = WALK_BATCH + 300;

beforeAll(async () => {
  db = await openTestDatabase();
  ({ tenantId: t } = await createTenant(db.deps, {
    slug: 'walk',
    name: 'walk',
    homeParty: { key: 'brand', name: 'Brand', roles: ['brand'] },
  }));
  for (let from = 0; from < N; from += 500) {
    await inTransaction(db.deps, (trx) =>
      recordChanges(
        db.deps,
        trx,
        { tenantId: t, userId: null, authenticatedBy: 'system' },
        Array.from({ length: Math.min(500, N - from) }, (_, i) => ({
          type: 'case.note_added',
          subject: { type: 'tenant' as const, id: t },
          payload: { body: `note ${from + i}，压缩机`, visibility: 'internal', attachments: [] },
        })),
      ),
    );
  }
}, 120_000);
afterAll(async () => {
  await db?.close();
});

/** Changes rows as a database owner could (triggers off), verifies, and puts them back. */
async function tampered(change: ReturnType<typeof sql>, undo: ReturnType<typeof sql>) {
  await sql`ALTER TABLE timeline_entries DISABLE TRIGGER USER`.execute(db.deps.db);
  try {
    await change.execute(db.deps.db);
    return await verifyEvidence(db.deps, t);
  } finally {
    await undo.execute(db.deps.db);
    await sql`ALTER TABLE timeline_entries ENABLE TRIGGER USER`.execute(db.deps.db);
  }
}

describe(`the full walk across batches on ${ENGINE}`, () => {
  it('verifies every entry of a log longer than a batch', async () => {
    const all = await db.deps.db
      .selectFrom('timeline_entries')
      .select('seq')
      .where('tenant_id', '=', t)
      .execute();
    const report = await verifyEvidence(db.deps, t);
    expect(report).toMatchObject({ ok: true, entries: all.length });
    expect(all.length).toBeGreaterThan(WALK_BATCH);
  });

  it('finds an edited payload, header, column or a deleted entry in the second batch, at that entry', async () => {
    const at = WALK_BATCH + 123;
    const row = await db.deps.db
      .selectFrom('timeline_entries')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('seq', '=', at)
      .executeTakeFirstOrThrow();
    const restore = sql`UPDATE timeline_entries SET payload = ${row.payload}, material = ${row.material},
      entry_type = ${row.entry_type}, prev_hash = ${row.prev_hash}, hash = ${row.hash}
      WHERE tenant_id = ${t} AND seq = ${at}`;
    const where = sql`WHERE tenant_id = ${t} AND seq = ${at}`;
    expect(
      (
        await tampered(
          sql`UPDATE timeline_entries SET payload = replace(payload, 'note', 'nota') ${where}`,
          restore,
        )
      ).firstBreak,
    ).toMatchObject({ kind: 'payload_mismatch', seq: at });
    expect(
      (
        await tampered(
          sql`UPDATE timeline_entries SET material = replace(material, 'note_added', 'reply_sent') ${where}`,
          restore,
        )
      ).firstBreak,
    ).toMatchObject({ kind: 'hash_mismatch', seq: at });
    expect(
      (await tampered(sql`UPDATE timeline_entries SET entry_type = 'case.reply_sent' ${where}`, restore))
        .firstBreak,
    ).toEqual({ kind: 'column_mismatch', seq: at, column: 'entry_type' });
    expect(
      (await tampered(sql`UPDATE timeline_entries SET prev_hash = repeat('f', 64) ${where}`, restore))
        .firstBreak,
    ).toEqual({ kind: 'column_mismatch', seq: at, column: 'prev_hash' });
  });

  it('finds an entry deleted in the second batch (run last: it stays deleted)', async () => {
    const at = WALK_BATCH + 7;
    const report = await tampered(
      sql`DELETE FROM timeline_entries WHERE tenant_id = ${t} AND seq = ${at}`,
      sql`SELECT 1`,
    );
    expect(report).toMatchObject({ ok: false, entries: at - 1, firstBreak: { kind: 'gap', seq: at + 1 } });
  });
});

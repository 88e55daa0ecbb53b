import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntry, underSavepoint } from '../src/app/evidence/append-entry.ts';
import { createCheckpoint } from '../src/app/evidence/create-checkpoint.ts';
import { sequenceLog } from '../src/app/evidence/sequence-log.ts';
import { describeBreak, verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { createTenant } from '../src/app/tenant/create-tenant.ts';
import { inTransaction } from '../src/app/transaction.ts';
import {
  canonicalJson,
  chainEntry,
  type EntryContent,
  hashMaterial,
  headerOf,
} from '../src/domain/evidence/entry.ts';
import { sha256Hex } from '../src/store/blob-store.ts';
import { ENGINE, openTestDatabase, type TestDatabase } from './support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

async function newTenant(slug: string): Promise<string> {
  const { tenantId } = await createTenant(db.deps, {
    slug,
    name: slug,
    homeParty: { key: 'brand', name: 'Brand', roles: ['brand'] },
  });
  return tenantId;
}

function content(n: number, blobs: string[] = []): EntryContent {
  return {
    type: 'case.message_received',
    subject: { type: 'case', id: `C-${n}` },
    actor: { userId: null, authenticatedBy: 'system' },
    channel: { name: 'email', externalIds: { messageId: `<${n}@example.com>` } },
    occurredAt: '2026-03-01T10:00:00+08:00',
    payload: { text: `客户来信 ${n}`, n },
    blobs,
    refersTo: null,
  };
}

const append = (tenantId: string, c: EntryContent) =>
  inTransaction(db.deps, (trx) => appendEntry(db.deps, trx, tenantId, c));

/** Tampering needs the append-only triggers out of the way, as a database owner could do. */
async function asOwner(work: () => Promise<unknown>) {
  await sql`ALTER TABLE timeline_entries DISABLE TRIGGER USER`.execute(db.deps.db);
  await sql`ALTER TABLE timeline_checkpoints DISABLE TRIGGER USER`.execute(db.deps.db);
  try {
    await work();
  } finally {
    await sql`ALTER TABLE timeline_entries ENABLE TRIGGER USER`.execute(db.deps.db);
    await sql`ALTER TABLE timeline_checkpoints ENABLE TRIGGER USER`.execute(db.deps.db);
  }
}

describe(`the evidence record on ${ENGINE}`, () => {
  it('numbers entries without gaps under concurrent appends, per tenant, and verifies', async () => {
    const a = await newTenant('chain-a');
    const b = await newTenant('chain-b');
    await Promise.all(Array.from({ length: 30 }, (_, i) => append(i % 3 === 0 ? b : a, content(i))));
    const rows = await db.deps.db
      .selectFrom('timeline_entries')
      .select('seq')
      .where('tenant_id', '=', a)
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyEvidence(db.deps, a)).toMatchObject({ ok: true, entries: 20 });
    expect(await verifyEvidence(db.deps, b)).toMatchObject({ ok: true, entries: 10 });
  });

  it('records nothing of a change that rolls back: its number is recorded as unused, the chain stays gapless', async () => {
    const t = await newTenant('rollback');
    await append(t, content(1));
    await expect(
      inTransaction(db.deps, async (trx) => {
        await appendEntry(db.deps, trx, t, content(2));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const third = await append(t, content(3));
    // Numbers come from a sequence without waiting (migration 0045): the rolled-back one is skipped.
    expect(third.seq).toBe(3);
    expect(await verifyEvidence(db.deps, t)).toMatchObject({ ok: true, entries: 3 });
    const stored = await db.deps.db
      .selectFrom('timeline_entries')
      .select(['seq', 'entry_type', 'payload'])
      .where('tenant_id', '=', t)
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => [Number(r.seq), r.entry_type])).toEqual([
      [1, 'case.message_received'],
      [2, 'evidence.number_unused'],
      [3, 'case.message_received'],
    ]);
    expect(JSON.parse(stored[1]!.payload)).toEqual({ seq: 2 });
  });

  it('leaves a number held by a running transaction alone: the sequencer waits for it', async () => {
    const t = await newTenant('in-flight');
    await append(t, content(1));
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let appended!: () => void;
    const written = new Promise<void>((r) => {
      appended = r;
    });
    // Entry 2 is written but not committed while entry 3 commits.
    const slow = inTransaction(db.deps, async (trx) => {
      const e = await appendEntry(db.deps, trx, t, content(2));
      appended();
      await held;
      return e;
    });
    await written;
    if (ENGINE === 'pglite') {
      // One connection: the other transaction cannot run beside it. Commit it and check the order.
      release();
      expect((await slow).seq).toBe(2);
      expect((await append(t, content(3))).seq).toBe(3);
    } else {
      expect((await append(t, content(3))).seq).toBe(3);
      const sequencing = sequenceLog(db.deps, t);
      await new Promise((r) => setTimeout(r, 300));
      release();
      expect((await slow).seq).toBe(2);
      await sequencing;
    }
    expect(await verifyEvidence(db.deps, t)).toMatchObject({ ok: true, entries: 3 });
    const types = await db.deps.db
      .selectFrom('timeline_entries')
      .select('entry_type')
      .where('tenant_id', '=', t)
      .orderBy('seq')
      .execute();
    expect(types.map((r) => r.entry_type)).toEqual([
      'case.message_received',
      'case.message_received',
      'case.message_received',
    ]);
  });

  it('undoes only the piece under a savepoint, entries included, and goes on gapless', async () => {
    const t = await newTenant('savepoint');
    const other = await newTenant('savepoint-b');
    await append(t, content(1));
    const results = await inTransaction(db.deps, async (trx) => {
      const first = await appendEntry(db.deps, trx, t, content(2));
      const failed = await underSavepoint(trx, async () => {
        await appendEntry(db.deps, trx, t, content(3));
        throw new Error('this item failed');
      });
      // In a second tenant, too.
      const failedFirst = await underSavepoint(trx, async () => {
        await appendEntry(db.deps, trx, other, content(10));
        throw new Error('so did this one');
      });
      const kept = await underSavepoint(trx, () => appendEntry(db.deps, trx, t, content(4)));
      const after = await appendEntry(db.deps, trx, t, content(5));
      return { first, failed, failedFirst, kept, after };
    });
    expect(results.failed).toMatchObject({ ok: false, error: new Error('this item failed') });
    expect(results.failedFirst.ok).toBe(false);
    // The number the undone piece took stays unused; the sequencer records it so.
    expect(results.kept.ok && results.kept.value.seq).toBe(4);
    expect([results.first.seq, results.after.seq]).toEqual([2, 5]);
    const stored = await db.deps.db
      .selectFrom('timeline_entries')
      .select(['seq', 'payload'])
      .where('tenant_id', '=', t)
      .orderBy('seq')
      .execute();
    expect(stored.map((r) => JSON.parse(r.payload).n)).toEqual([1, 2, 4, 5]);
    expect(await verifyEvidence(db.deps, t)).toMatchObject({ ok: true, entries: 5 });
    expect((await append(other, content(11))).seq).toBe(2);
    expect((await verifyEvidence(db.deps, other)).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries and checkpoints', async () => {
    const t = await newTenant('immutable');
    await append(t, content(1));
    await createCheckpoint(db.deps, t);
    for (const statement of [
      sql`UPDATE timeline_entries SET entry_type = 'x' WHERE tenant_id = ${t}`,
      sql`DELETE FROM timeline_entries WHERE tenant_id = ${t}`,
      sql`TRUNCATE timeline_entries`,
      sql`UPDATE timeline_checkpoints SET signature = 'x' WHERE tenant_id = ${t}`,
      sql`DELETE FROM timeline_checkpoints WHERE tenant_id = ${t}`,
    ]) {
      await expect(statement.execute(db.deps.db)).rejects.toThrow(/append-only/);
    }
  });

  it('finds an entry edited with SQL, naming the entry', async () => {
    const t = await newTenant('edited');
    for (let i = 1; i <= 5; i++) await append(t, content(i));
    await sequenceLog(db.deps, t);
    await asOwner(() =>
      sql`UPDATE timeline_entries SET payload = replace(payload, '客户来信 3', '客户来信 three') WHERE tenant_id = ${t} AND seq = 3`.execute(
        db.deps.db,
      ),
    );
    const report = await verifyEvidence(db.deps, t);
    expect(report).toMatchObject({ ok: false, entries: 2, firstBreak: { kind: 'payload_mismatch', seq: 3 } });
    expect(describeBreak(report.firstBreak!).en).toBe(
      'Entry 3 was changed after it was recorded (its content no longer matches the hash its header holds).',
    );

    // Changing the header (who it was about) breaks the hash itself.
    const u = await newTenant('edited-header');
    for (let i = 1; i <= 3; i++) await append(u, content(i));
    await sequenceLog(db.deps, u);
    await asOwner(() =>
      sql`UPDATE timeline_entries SET material = replace(material, '"C-2"', '"C-9"') WHERE tenant_id = ${u} AND seq = 2`.execute(
        db.deps.db,
      ),
    );
    expect((await verifyEvidence(db.deps, u)).firstBreak).toMatchObject({ kind: 'hash_mismatch', seq: 2 });
  });

  it('finds a deleted entry, and deleted newest entries', async () => {
    const t = await newTenant('deleted');
    for (let i = 1; i <= 5; i++) await append(t, content(i));
    await sequenceLog(db.deps, t);
    await asOwner(() =>
      sql`DELETE FROM timeline_entries WHERE tenant_id = ${t} AND seq = 2`.execute(db.deps.db),
    );
    expect((await verifyEvidence(db.deps, t)).firstBreak).toEqual({ kind: 'gap', seq: 3, expectedSeq: 2 });

    const u = await newTenant('cut-tail');
    for (let i = 1; i <= 5; i++) await append(u, content(i));
    await sequenceLog(db.deps, u);
    await asOwner(() =>
      sql`DELETE FROM timeline_entries WHERE tenant_id = ${u} AND seq >= 4`.execute(db.deps.db),
    );
    expect((await verifyEvidence(db.deps, u)).firstBreak).toEqual({
      kind: 'missing_tail',
      seq: 5,
      lastSeq: 3,
    });
  });

  it('finds an attached file that was deleted or changed', async () => {
    const t = await newTenant('blobs');
    const photo = await db.deps.blobs.put(Buffer.from('photo of the broken compressor'));
    const letter = await db.deps.blobs.put(Buffer.from('customer letter'));
    await append(t, content(1, [photo.sha256]));
    await append(t, content(2, [letter.sha256]));
    expect(await verifyEvidence(db.deps, t)).toMatchObject({ ok: true, blobsChecked: 2 });

    const blobPath = (sha: string) => path.join(db.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    await fs.writeFile(blobPath(letter.sha256), 'forged letter');
    expect((await verifyEvidence(db.deps, t)).firstBreak).toMatchObject({
      kind: 'blob_changed',
      seq: 2,
      sha256: letter.sha256,
    });
    await fs.rm(blobPath(photo.sha256));
    expect((await verifyEvidence(db.deps, t)).firstBreak).toEqual({
      kind: 'blob_missing',
      seq: 1,
      sha256: photo.sha256,
    });
  });

  it('signs checkpoints that a rewrite of the whole chain cannot match', async () => {
    const t = await newTenant('checkpoints');
    for (let i = 1; i <= 3; i++) await append(t, content(i));
    const checkpoint = await createCheckpoint(db.deps, t);
    expect(checkpoint).toMatchObject({ seq: 3, keyId: db.deps.evidenceSigner.keyId });
    expect(await createCheckpoint(db.deps, t)).toEqual(checkpoint);
    await append(t, content(4));
    expect(await verifyEvidence(db.deps, t)).toMatchObject({
      ok: true,
      checkpoints: 1,
      lastSignedSeq: 3,
      unsignedTail: 1,
    });

    // A forger rewrites entry 2 and re-hashes everything after it: the chain is consistent again,
    // but entry 3 no longer has the hash the signed checkpoint holds.
    await asOwner(async () => {
      const rows = await db.deps.db
        .selectFrom('timeline_entries')
        .selectAll()
        .where('tenant_id', '=', t)
        .orderBy('seq')
        .execute();
      let previous = { seq: 1, hash: rows[0]!.hash! };
      for (const row of rows.slice(1)) {
        const {
          payloadHash: _ph,
          seq: _s,
          prevHash: _p,
          tenantId: _t,
          recordedAt,
          ...rest
        } = JSON.parse(row.material);
        const payload =
          Number(row.seq) === 2 ? { text: 'we never promised that', n: 2 } : JSON.parse(row.payload);
        const entry = chainEntry(sha256Hex, previous, { ...rest, payload }, t, recordedAt);
        await sql`UPDATE timeline_entries SET material = ${hashMaterial(headerOf(entry))}, payload = ${canonicalJson(payload)},
                  hash = ${entry.hash}, prev_hash = ${entry.prevHash} WHERE tenant_id = ${t} AND seq = ${entry.seq}`.execute(
          db.deps.db,
        );
        previous = entry;
      }
      await db.deps.db
        .updateTable('timeline_heads')
        .set({ hash: previous.hash })
        .where('tenant_id', '=', t)
        .execute();
    });
    expect((await verifyEvidence(db.deps, t)).firstBreak).toMatchObject({
      kind: 'checkpoint_mismatch',
      seq: 3,
      expected: checkpoint!.hash,
    });

    // And a checkpoint whose signature was replaced is caught before any entry is read.
    await asOwner(() =>
      sql`UPDATE timeline_checkpoints SET signature = ${Buffer.alloc(64).toString('base64')} WHERE tenant_id = ${t}`.execute(
        db.deps.db,
      ),
    );
    expect((await verifyEvidence(db.deps, t)).firstBreak).toEqual({
      kind: 'checkpoint_signature_invalid',
      seq: 3,
    });
  });
});

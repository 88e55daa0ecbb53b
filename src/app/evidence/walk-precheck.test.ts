import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import { type PrecheckBatch, precheck, precheckBatch, precheckShared, writeShared } from './walk-precheck.ts';

function hexLeaves(leaves: Uint8Array): string[] {
  return Array.from({ length: leaves.length / 32 }, (_, i) =>
    Buffer.from(leaves.subarray(32 * i, 32 * i + 32)).toString('hex'),
  );
}

function batchOf(n: number): PrecheckBatch {
  const b: PrecheckBatch = {
    seqs: [],
    materials: [],
    checks: [],
    hashes: [],
    prevHashes: [],
    types: [],
    subjectTypes: [],
    subjectIds: [],
  };
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const payload = canonicalJson({ body: `note ${seq}，压缩机 🧊`, visibility: 'internal' });
    const material = canonicalJson({
      blobs: [],
      payloadHash: sha256Hex(payload),
      prevHash: prev,
      seq,
      subject: { id: `c${seq % 3}`, type: 'case' },
      type: 'case.note_added',
    });
    b.seqs.push(seq);
    b.materials.push(material);
    b.checks.push(payload);
    b.hashes.push(sha256Hex(material));
    b.prevHashes.push(prev);
    b.types.push('case.note_added');
    b.subjectTypes.push('case');
    b.subjectIds.push(`c${seq % 3}`);
    prev = sha256Hex(material);
  }
  return b;
}

/** One change per entry from the third on, each of which the full check must look at. */
function tampered(): { batch: PrecheckBatch; plain: number[] } {
  const b = batchOf(12);
  b.materials[2] = b.materials[2]!.replace('note_added', 'note_addeX'); // hash no longer matches
  b.checks[3] = b.checks[3]!.replace('note', 'nota'); // payload changed
  b.seqs[4] = 99; // seq column
  b.prevHashes[5] = 'f'.repeat(64); // prev_hash column
  b.types[6] = 'case.reply_sent'; // entry_type column
  b.subjectIds[7] = 'other'; // subject column
  b.checks[8] = null; // payload could not be put in its checked form
  b.materials[9] = '{"not json'; // header text does not parse
  b.hashes[9] = sha256Hex(b.materials[9]);
  const withBlob = JSON.parse(b.materials[10]!) as Record<string, unknown>;
  withBlob.blobs = ['a'.repeat(64)];
  b.materials[10] = canonicalJson(withBlob); // lists a file
  b.hashes[10] = sha256Hex(b.materials[10]);
  return { batch: b, plain: [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] };
}

describe('walk precheck', () => {
  it('passes plain entries and leaves every changed one to the full check, with the right leaves', () => {
    const { batch, plain } = tampered();
    const result = precheckBatch(batch, hash);
    expect([...result.plain]).toEqual(plain);
    expect(hexLeaves(result.leaves)).toEqual(batch.materials.map((m) => merkleHasher.leaf(m)));
  });

  it('answers the same on a worker thread (from shared memory) as here', async () => {
    const { batch } = tampered();
    const here = precheckBatch(batch, hash);
    const shared = precheckShared(writeShared(batch, undefined), hash);
    expect([...shared.plain]).toEqual([...here.plain]);
    expect(hexLeaves(shared.leaves)).toEqual(hexLeaves(here.leaves));
    const there = await precheck(batch, 1);
    expect([...there.plain]).toEqual([...here.plain]);
    expect(hexLeaves(there.leaves)).toEqual(hexLeaves(here.leaves));
    const big = batchOf(3000);
    const many = await Promise.all([precheck(big, 1), precheck(big, 0.5), precheck(big, 1)]);
    for (const r of many) {
      expect(r.plain.every((p) => p === 1)).toBe(true);
      expect(hexLeaves(r.leaves)).toEqual(big.materials.map((m) => merkleHasher.leaf(m)));
    }
    // Shared memory is reused once a batch is answered: a smaller batch after a bigger one.
    const again = await precheck(tampered().batch, 1);
    expect([...again.plain]).toEqual([...here.plain]);
  });
});

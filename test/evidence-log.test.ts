import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app/context.ts';
import { exportDossier } from '../src/app/dossier/export-dossier.ts';
import { DOSSIER_LIMITS, verifyDossier } from '../src/app/dossier/verify-dossier.ts';
import { createCheckpoint } from '../src/app/evidence/create-checkpoint.ts';
import { consistencyProof, inclusionProof } from '../src/app/evidence/log-proofs.ts';
import { latestTreeHead, type SignedTreeHead, sequenceLog } from '../src/app/evidence/sequence-log.ts';
import { describeBreak, verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { canonicalJson, type EntryHeader, hashMaterial } from '../src/domain/evidence/entry.ts';
import { verifyConsistency, verifyInclusion } from '../src/domain/evidence/merkle.ts';
import { sha256Hex } from '../src/store/blob-store.ts';
import { merkleHasher } from '../src/store/merkle-hasher.ts';
import { loadEvidenceSigner } from '../src/store/signing-key.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let deps: AppDeps;
let t: string;
let caseId: string;
let agent: Session;
/** What the customer kept after the first message: the head then, signed with the real key. */
let receipt: SignedTreeHead;

beforeAll(async () => {
  server = await startDemoServer();
  deps = server.db.deps;
  t = server.tenantId;
  agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'inquiry',
    severity: 'normal',
    serial: 'CH9-2025-00417',
    description: 'Noise from the unit',
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
  await agent.post(`/api/v1/cases/${caseId}/messages`, {
    body: 'We will call you tomorrow. 我们明天联系您。',
  });
  await createCheckpoint(deps, t);
  receipt = (await latestTreeHead(deps.db, t))!;
  await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'The technician comes on Monday.' });
  const manager = await Session.signIn(server.app, 'manager@acme.example');
  const line = await manager.post('/api/v1/cost-lines', {
    caseId,
    kind: 'labor',
    amount: '360.50',
    currency: 'CNY',
    bearer: 'acme',
    ref: '§6',
    description: 'Two hours on site',
  });
  expect(line.statusCode, line.body).toBe(201);
  await createCheckpoint(deps, t);
});
afterAll(async () => {
  await server?.close();
});

const TABLES = ['timeline_entries', 'timeline_checkpoints'];
/** What an operator with the database can do: the append-only triggers off, anything changed. */
async function asOwner(work: () => Promise<unknown>) {
  for (const table of TABLES)
    await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(deps.db);
  try {
    await work();
  } finally {
    for (const table of TABLES)
      await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(deps.db);
  }
}

/** A snapshot of everything the log consists of, to put back after an attack. */
async function snapshot() {
  const tables = [
    'timeline_entries',
    'timeline_heads',
    'timeline_checkpoints',
    'evidence_logs',
    'evidence_log_nodes',
    'evidence_tree_heads',
    'case_messages',
    'cases',
    'cost_lines',
  ] as const;
  const saved = new Map<string, unknown[]>();
  for (const table of tables)
    saved.set(table, await deps.db.selectFrom(table).selectAll().where('tenant_id', '=', t).execute());
  return async () => {
    await asOwner(async () => {
      for (const table of ['case_messages', ...tables.filter((x) => x !== 'case_messages')] as const) {
        if (table === 'cases' || table === 'cost_lines') continue;
        await deps.db.deleteFrom(table).where('tenant_id', '=', t).execute();
      }
      for (const table of tables) {
        const rows = saved.get(table)!;
        if (table === 'cases') {
          for (const row of rows as {
            case_id: string;
            description: string;
            severity: string;
            state: string;
          }[])
            await deps.db
              .updateTable('cases')
              .set({
                description: row.description,
                severity: row.severity as 'normal',
                state: row.state as 'new',
              })
              .where('case_id', '=', row.case_id)
              .execute();
          continue;
        }
        if (table === 'cost_lines') {
          const lines = rows as { line_id: string; amount_minor: number; bearer_party_id: string }[];
          // Put back lines an attack removed, then every saved value, then drop lines it slipped in.
          if (lines.length > 0)
            await deps.db
              .insertInto('cost_lines')
              .values(lines as never)
              .onConflict((oc) => oc.columns(['tenant_id', 'line_id']).doNothing())
              .execute();
          for (const row of lines)
            await deps.db
              .updateTable('cost_lines')
              .set(row as never)
              .where('line_id', '=', row.line_id)
              .execute();
          await deps.db
            .deleteFrom('cost_lines')
            .where('tenant_id', '=', t)
            .$if(lines.length > 0, (q) =>
              q.where(
                'line_id',
                'not in',
                lines.map((l) => l.line_id),
              ),
            )
            .execute();
          continue;
        }
        if (rows.length > 0)
          await deps.db
            .insertInto(table)
            .values(rows as never)
            .execute();
      }
    });
  };
}

/**
 * The attack of the issue: one message's entry rewritten, every later entry re-chained, the row
 * the API shows changed to match, and all checkpoints, tree heads and the tree thrown away and
 * made again by signing with `signer`.
 */
async function rewriteMessage(newBody: string, signer: AppDeps['evidenceSigner']) {
  const message = await deps.db
    .selectFrom('case_messages')
    .select(['evidence_seq', 'message_id'])
    .where('tenant_id', '=', t)
    .orderBy('evidence_seq')
    .executeTakeFirstOrThrow();
  const from = Number(message.evidence_seq);
  await asOwner(async () => {
    const rows = await deps.db
      .selectFrom('timeline_entries')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('seq', '>=', from)
      .orderBy('seq')
      .execute();
    const before = await deps.db
      .selectFrom('timeline_entries')
      .select('hash')
      .where('tenant_id', '=', t)
      .where('seq', '=', from - 1)
      .executeTakeFirstOrThrow();
    let prev = before.hash!;
    for (const row of rows) {
      const header = JSON.parse(row.material) as EntryHeader;
      let payload = row.payload;
      if (Number(row.seq) === from) {
        const p = JSON.parse(row.payload) as { body: string };
        payload = canonicalJson({ ...p, body: newBody });
        header.payloadHash = sha256Hex(payload);
      }
      header.prevHash = prev;
      const material = hashMaterial(header);
      const hash = sha256Hex(material);
      await deps.db
        .updateTable('timeline_entries')
        .set({ material, payload, hash, prev_hash: prev })
        .where('tenant_id', '=', t)
        .where('seq', '=', row.seq)
        .execute();
      prev = hash;
    }
    await deps.db.updateTable('timeline_heads').set({ hash: prev }).where('tenant_id', '=', t).execute();
    await deps.db
      .updateTable('case_messages')
      .set({ body: newBody })
      .where('message_id', '=', message.message_id)
      .execute();
    for (const table of [
      'timeline_checkpoints',
      'evidence_tree_heads',
      'evidence_log_nodes',
      'evidence_logs',
    ] as const)
      await deps.db.deleteFrom(table).where('tenant_id', '=', t).execute();
  });
  await createCheckpoint({ ...deps, evidenceSigner: signer }, t);
}

function newSigner() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return loadEvidenceSigner({
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dataDir: '/nonexistent',
  });
}

describe('the Merkle log of the evidence record', () => {
  it('integrates the chain into the tree and proves every entry and every earlier head', async () => {
    const head = (await latestTreeHead(deps.db, t))!;
    expect(head.treeSize).toBeGreaterThan(receipt.treeSize);
    for (let seq = 1; seq <= head.treeSize; seq++) {
      const proof = await inclusionProof(deps, t, seq, head.treeSize);
      const entry = await deps.db
        .selectFrom('timeline_entries')
        .select('material')
        .where('tenant_id', '=', t)
        .where('seq', '=', seq)
        .executeTakeFirstOrThrow();
      expect(proof.leafHash).toBe(merkleHasher.leaf(entry.material));
      expect(
        verifyInclusion(merkleHasher, proof.leafHash, seq - 1, head.treeSize, proof.path, head.rootHash),
      ).toBe(true);
    }
    const proof = await consistencyProof(deps, t, receipt.treeSize, head.treeSize);
    expect(
      verifyConsistency(
        merkleHasher,
        receipt.treeSize,
        head.treeSize,
        proof,
        receipt.rootHash,
        head.rootHash,
      ),
    ).toBe(true);
    const report = await verifyEvidence(deps, t, {
      keys: [deps.evidenceSigner.fingerprint],
      heads: [receipt],
    });
    expect(report).toMatchObject({ ok: true, receiptsChecked: 1, lastTreeSize: head.treeSize });
    expect(report.treeHeads).toBeGreaterThanOrEqual(2);
    expect(report.rowsChecked).toBeGreaterThan(0);
  });

  it('lets one sequencer at a time hold a tenant: a second is refused until the lease expires', async () => {
    await deps.db
      .updateTable('evidence_logs')
      .set({ lease_holder: 'server-a', lease_expires_at: new Date(Date.now() + 60_000) })
      .where('tenant_id', '=', t)
      .execute();
    expect(await sequenceLog(deps, t, { holder: 'server-b' })).toBeNull();
    await deps.db
      .updateTable('evidence_logs')
      .set({ lease_expires_at: new Date(Date.now() - 1000) })
      .where('tenant_id', '=', t)
      .execute();
    expect(await sequenceLog(deps, t, { holder: 'server-b' })).toBe(0);
  });

  it('catches the rewrite re-signed with a new key, by the pinned key', async () => {
    const restore = await snapshot();
    try {
      await rewriteMessage('We never promised a call. 我们从未承诺回电。', newSigner());
      // Unpinned, the forgery holds together: that is why the verifier must pin the key.
      expect(await verifyEvidence(deps, t)).toMatchObject({ ok: true });
      const pinned = await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint] });
      expect(pinned.ok).toBe(false);
      expect(pinned.firstBreak).toMatchObject({ kind: 'head_key_not_pinned' });
      expect(describeBreak(pinned.firstBreak!).en).toContain('not by a key you trust');
    } finally {
      await restore();
    }
    expect(await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint] })).toMatchObject({
      ok: true,
    });
  });

  it('catches the rewrite re-signed with the real key, by an earlier receipt (consistency)', async () => {
    const restore = await snapshot();
    try {
      await rewriteMessage('We never promised a call.', deps.evidenceSigner);
      expect(await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint] })).toMatchObject({
        ok: true,
      });
      const report = await verifyEvidence(deps, t, {
        keys: [deps.evidenceSigner.fingerprint],
        heads: [receipt],
      });
      expect(report.firstBreak).toMatchObject({ kind: 'receipt_not_consistent', seq: receipt.treeSize });
    } finally {
      await restore();
    }
  });

  it('catches the tail cut off after a receipt, even with every head and the tree made again', async () => {
    const restore = await snapshot();
    try {
      await asOwner(async () => {
        await deps.db
          .deleteFrom('timeline_entries')
          .where('tenant_id', '=', t)
          .where('seq', '>', receipt.treeSize - 1)
          .execute();
        const last = await deps.db
          .selectFrom('timeline_entries')
          .select('hash')
          .where('tenant_id', '=', t)
          .where('seq', '=', receipt.treeSize - 1)
          .executeTakeFirstOrThrow();
        await deps.db
          .updateTable('timeline_heads')
          .set({ seq: receipt.treeSize - 1, hash: last.hash! })
          .where('tenant_id', '=', t)
          .execute();
        await deps.db
          .deleteFrom('case_messages')
          .where('tenant_id', '=', t)
          .where('evidence_seq', '>=', receipt.treeSize)
          .execute();
        await deps.db
          .deleteFrom('cost_lines')
          .where('tenant_id', '=', t)
          .where('evidence_seq', '>=', receipt.treeSize)
          .execute();
        for (const table of [
          'timeline_checkpoints',
          'evidence_tree_heads',
          'evidence_log_nodes',
          'evidence_logs',
        ] as const)
          await deps.db.deleteFrom(table).where('tenant_id', '=', t).execute();
      });
      await createCheckpoint(deps, t);
      const alone = await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint] });
      expect(alone.firstBreak).toBeUndefined();
      expect(alone.ok).toBe(true);
      const report = await verifyEvidence(deps, t, {
        keys: [deps.evidenceSigner.fingerprint],
        heads: [receipt],
      });
      expect(report.firstBreak).toMatchObject({ kind: 'receipt_beyond_log', seq: receipt.treeSize });
    } finally {
      await restore();
    }
  });

  it('a dossier from a forged log fails with the pinned key; the genuine one passes with key and receipt', async () => {
    const number = (
      await deps.db
        .selectFrom('cases')
        .select('number')
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).number;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forged-dossier-'));
    const real = deps.evidenceSigner.fingerprint;
    try {
      const genuine = path.join(dir, 'genuine.zip');
      await exportDossier(deps, t, { type: 'case', number }, createWriteStream(genuine));
      const ok = await verifyDossier(genuine, DOSSIER_LIMITS, { keys: [real], heads: [receipt] });
      expect(ok.problems).toEqual([]);
      expect(ok.log).toMatchObject({ pinned: true, receiptsChecked: 1 });
      const restore = await snapshot();
      try {
        await rewriteMessage('We never promised a call.', newSigner());
        const forged = path.join(dir, 'forged.zip');
        await exportDossier(deps, t, { type: 'case', number }, createWriteStream(forged));
        // Unpinned, the forged dossier is self-consistent; pinned, it is refused.
        expect((await verifyDossier(forged)).ok).toBe(true);
        const pinned = await verifyDossier(forged, DOSSIER_LIMITS, { keys: [real] });
        expect(pinned.ok).toBe(false);
        expect(pinned.problems.map((p) => p.en).join(' ')).toContain('not by a key you trust');
        // Re-signed with the real key, the receipt catches it.
        await rewriteMessage('We never promised a call, really.', deps.evidenceSigner);
        const resigned = path.join(dir, 'resigned.zip');
        await exportDossier(deps, t, { type: 'case', number }, createWriteStream(resigned));
        const caught = await verifyDossier(resigned, DOSSIER_LIMITS, { keys: [real], heads: [receipt] });
        expect(caught.ok).toBe(false);
        expect(caught.problems.map((p) => p.en).join(' ')).toContain('does not extend the receipt');
      } finally {
        await restore();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names a message, a case description, severity or state, or a cost line edited or slipped in, in the rows the API shows', async () => {
    const fixit = (
      await deps.db
        .selectFrom('parties')
        .select('party_id')
        .where('key', '=', 'fixit-shanghai')
        .executeTakeFirstOrThrow()
    ).party_id;
    for (const [edit, table, column] of [
      [
        () => deps.db.updateTable('case_messages').set({ body: 'edited' }).where('tenant_id', '=', t),
        'case_messages',
        'body',
      ],
      [
        () => deps.db.updateTable('cases').set({ description: 'edited' }).where('case_id', '=', caseId),
        'cases',
        'description',
      ],
      [
        () => deps.db.updateTable('cases').set({ severity: 'critical' }).where('case_id', '=', caseId),
        'cases',
        'severity',
      ],
      [
        () => deps.db.updateTable('cost_lines').set({ amount_minor: 3605 }).where('case_id', '=', caseId),
        'cost_lines',
        'amount_minor',
      ],
      [
        () => deps.db.updateTable('cost_lines').set({ bearer_party_id: fixit }).where('case_id', '=', caseId),
        'cost_lines',
        'bearer_party_id',
      ],
      // The first reply moved the case to in_progress, with its own entry: a row saying otherwise is named.
      [
        () => deps.db.updateTable('cases').set({ state: 'resolved' }).where('case_id', '=', caseId),
        'cases',
        'state',
      ],
      [
        () => deps.db.updateTable('cost_lines').set({ currency: 'USD' }).where('case_id', '=', caseId),
        'cost_lines',
        'currency',
      ],
      [
        () => deps.db.updateTable('cost_lines').set({ kind: 'parts' }).where('case_id', '=', caseId),
        'cost_lines',
        'kind',
      ],
      // A line slipped in under the entry of another: that entry does not list it.
      [
        () =>
          deps.db.insertInto('cost_lines').expression(
            deps.db
              .selectFrom('cost_lines')
              .select((eb) => [
                'tenant_id',
                sql<string>`gen_random_uuid()`.as('line_id'),
                'kind',
                eb.val(99900).as('amount_minor'),
                'currency',
                'case_id',
                'source_type',
                'source_id',
                'bearer_party_id',
                'payee_party_id',
                'ref',
                'agreement_id',
                'agreement_version',
                'description',
                'occurred_on',
                'reverses_line_id',
                'created_at',
                'evidence_seq',
              ])
              .where('case_id', '=', caseId),
          ),
        'cost_lines',
        'evidence_seq',
      ],
      // The same, naming an entry that records no cost at all: the count after the walk finds it.
      [
        () =>
          deps.db.insertInto('cost_lines').expression(
            deps.db
              .selectFrom('cost_lines')
              .select((eb) => [
                'tenant_id',
                sql<string>`gen_random_uuid()`.as('line_id'),
                'kind',
                eb.val(99900).as('amount_minor'),
                'currency',
                'case_id',
                'source_type',
                'source_id',
                'bearer_party_id',
                'payee_party_id',
                'ref',
                'agreement_id',
                'agreement_version',
                'description',
                'occurred_on',
                'reverses_line_id',
                'created_at',
                eb.val(1).as('evidence_seq'),
              ])
              .where('case_id', '=', caseId),
          ),
        'cost_lines',
        'evidence_seq',
      ],
    ] as const) {
      const restore = await snapshot();
      try {
        await edit().execute();
        const report = await verifyEvidence(deps, t);
        expect(report.firstBreak).toMatchObject({ kind: 'row_mismatch', table, column });
        expect(describeBreak(report.firstBreak!).zh).toContain(table);
      } finally {
        await restore();
      }
    }
    expect(await verifyEvidence(deps, t)).toMatchObject({ ok: true });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../src/app/context.ts';
import { findRollbacks, latestTreeHeads } from '../src/app/evidence/check-rollback.ts';
import { createCheckpoint } from '../src/app/evidence/create-checkpoint.ts';
import type { Receipt } from '../src/app/evidence/log-proofs.ts';
import { latestTreeHead } from '../src/app/evidence/sequence-log.ts';
import { verifyEvidence } from '../src/app/evidence/verify-evidence.ts';
import { rangeNodes, verifyInclusion } from '../src/domain/evidence/merkle.ts';
import { HeadMemory } from '../src/store/head-memory.ts';
import { merkleHasher } from '../src/store/merkle-hasher.ts';
import { loadEvidenceSigner } from '../src/store/signing-key.ts';
import { opensslTimestampChecker, timestampWith } from '../src/store/timestamp-authority.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { type LocalTsa, startLocalTsa } from './support/tsa.ts';

let server: DemoServer;
let deps: AppDeps;
let t: string;
let caseId: string;
let agent: Session;
let tsa: LocalTsa;
let dir: string;

beforeAll(async () => {
  tsa = await startLocalTsa();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receipts-'));
  server = await startDemoServer();
  // Every tree head from here on is timestamped by the local TSA.
  server.db.deps.timestamper = timestampWith(tsa.url);
  deps = server.db.deps;
  t = server.tenantId;
  agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'field_visit',
    severity: 'high',
    serial: 'CH9-2025-00417',
    description: 'Compressor failure',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
  await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
});
afterAll(async () => {
  await server?.close();
  await tsa?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function signerOf() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

describe('receipts, timestamps, incremental verification, rotation and rollback', () => {
  it('hands the assigned partner a timestamped receipt whose proof covers its case; another partner gets 404', async () => {
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    const res = await fixit.get(`/api/v1/cases/${caseId}/receipt`);
    expect(res.statusCode).toBe(200);
    const receipt = res.json() as Receipt;
    const { head, inclusion } = receipt;
    expect(head.keyFingerprint).toBe(deps.evidenceSigner.fingerprint);
    expect(head.timestampToken).toBeTruthy();
    expect(inclusion).toBeDefined();
    expect(
      verifyInclusion(
        merkleHasher,
        inclusion!.leafHash,
        inclusion!.leafIndex,
        head.treeSize,
        inclusion!.path,
        head.rootHash,
      ),
    ).toBe(true);
    const rival = await Session.signIn(server.app, 'partner@pearlriver.example');
    expect((await rival.get(`/api/v1/cases/${caseId}/receipt`)).statusCode).toBe(404);
    // The token checks with openssl against the TSA's CA, inside verification.
    const report = await verifyEvidence(deps, t, {
      keys: [deps.evidenceSigner.fingerprint],
      heads: [head],
      checkTimestamp: opensslTimestampChecker(tsa.caFile),
    });
    expect(report).toMatchObject({ ok: true, receiptsChecked: 1 });
    // A token from another head's text does not hold for this one.
    const forged = { ...head, timestampToken: (await timestampWith(tsa.url)('another text'))! };
    const bad = await verifyEvidence(deps, t, {
      heads: [forged],
      checkTimestamp: opensslTimestampChecker(tsa.caFile),
    });
    expect(bad.firstBreak).toMatchObject({ kind: 'receipt_signature_invalid' });
  });

  it('verifies incrementally from an earlier head: only the new entries, on top of its tree', async () => {
    const before = (await latestTreeHead(deps.db, t))!;
    for (let i = 0; i < 5; i++) await agent.post(`/api/v1/cases/${caseId}/messages`, { body: `Update ${i}` });
    await createCheckpoint(deps, t);
    const full = await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint] });
    const since = await verifyEvidence(deps, t, { keys: [deps.evidenceSigner.fingerprint], since: before });
    expect(full.ok && since.ok).toBe(true);
    expect(since.entries).toBe(full.entries - before.treeSize);
    expect(since.lastTreeSize).toBe(full.lastTreeSize);
  });

  it('records a key rotation in the log; a verifier pinned to the old key follows it only when the old key endorsed it', async () => {
    const oldFingerprint = deps.evidenceSigner.fingerprint;
    const newPem = signerOf();
    const keyFile = path.join(dir, 'new.pem');
    fs.writeFileSync(keyFile, newPem);
    const oldFile = path.join(dir, 'old.pem');
    // The test harness's key, as the operator would keep it for the rotation.
    fs.copyFileSync(path.join(server.db.dataDir, 'keys', 'evidence-ed25519.pem'), oldFile);
    const rotated = loadEvidenceSigner({ keyFile, previousKeyFile: oldFile, dataDir: dir });
    expect(rotated.previous?.fingerprint).toBe(oldFingerprint);
    await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'After the rotation' });
    await createCheckpoint({ ...deps, evidenceSigner: rotated }, t);
    const head = (await latestTreeHead(deps.db, t))!;
    expect(head.keyFingerprint).toBe(rotated.fingerprint);
    const rotation = await deps.db
      .selectFrom('timeline_entries')
      .select(['seq', 'payload'])
      .where('tenant_id', '=', t)
      .where('entry_type', '=', 'evidence.signing_key_rotated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(rotation.payload)).toMatchObject({
      previousKeyFingerprint: oldFingerprint,
      keyFingerprint: rotated.fingerprint,
    });
    expect(await verifyEvidence(deps, t, { keys: [oldFingerprint] })).toMatchObject({ ok: true });
    // A second rotation to a key nobody endorsed: the old pin refuses it, the new pin alone not either.
    const stranger = loadEvidenceSigner({ pem: signerOf(), dataDir: dir });
    await createCheckpoint({ ...deps, evidenceSigner: stranger }, t);
    const refused = await verifyEvidence(deps, t, { keys: [oldFingerprint] });
    expect(refused.firstBreak).toMatchObject({
      kind: 'head_key_not_pinned',
      keyFingerprint: stranger.fingerprint,
    });
  });

  it('remembers the last signed heads beside the key and finds the log moved back', async () => {
    const memory = new HeadMemory(path.join(dir, 'key.pem.heads.json'));
    memory.remember(await latestTreeHeads(deps));
    expect(await findRollbacks(deps, memory.read())).toEqual([]);
    const [remembered] = memory.read();
    // The database restored from an older state: the log is shorter than what was signed.
    const saved = await deps.db
      .selectFrom('evidence_logs')
      .selectAll()
      .where('tenant_id', '=', t)
      .executeTakeFirstOrThrow();
    await deps.db
      .updateTable('evidence_logs')
      .set({ tree_size: remembered!.treeSize - 2 })
      .where('tenant_id', '=', t)
      .execute();
    expect(await findRollbacks(deps, memory.read())).toMatchObject([
      {
        tenantId: t,
        remembered: { treeSize: remembered!.treeSize },
        found: { treeSize: remembered!.treeSize - 2 },
      },
    ]);
    await deps.db
      .updateTable('evidence_logs')
      .set({ tree_size: saved.tree_size })
      .where('tenant_id', '=', t)
      .execute();
    // The tree rewritten under the remembered head: same size, another root.
    const top = rangeNodes(0, remembered!.treeSize)[0]!;
    await deps.db
      .updateTable('evidence_log_nodes')
      .set({ hash: merkleHasher.leaf('forged') })
      .where('tenant_id', '=', t)
      .where('level', '=', top.level)
      .where('idx', '=', top.index)
      .execute();
    expect(await findRollbacks(deps, memory.read())).toHaveLength(1);
  });
});

import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { processDueClocks } from '../src/app/case/process-due-clocks.ts';
import { exportDossier } from '../src/app/dossier/export-dossier.ts';
import { verifyDossier } from '../src/app/dossier/verify-dossier.ts';
import { createCheckpoint } from '../src/app/evidence/create-checkpoint.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';
import { readZip } from './support/zip.ts';

let now = new Date('2026-11-23T01:30:00Z');
let server: DemoServer;
let dir: string;
let caseId: string;
let caseNumber: string;
const photo = Buffer.from('JPEG… photo of the compressor nameplate, serial C9-2025-00417');

beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-'));
  // The flow of the issue: a CH-900 in Shanghai fails, FixIt is assigned, the onsite clock breaches.
  const agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await agent.post('/api/v1/cases', {
    kind: 'field_visit',
    severity: 'critical',
    serial: 'CH9-2025-00417',
    description: 'Compressor failure',
    failure: { partCategory: 'compressor', cause: 'manufacturing_defect' },
    attachments: [
      { name: 'nameplate.jpg', mediaType: 'image/jpeg', contentBase64: photo.toString('base64') },
    ],
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
  caseNumber = opened.json().number;
  await agent.post(`/api/v1/cases/${caseId}/assignment`, { servicePartner: 'fixit-shanghai' });
  // Another matter happens in between: its entry sits in the chain, but not its content.
  await agent.post('/api/v1/units', {
    serial: 'PA3-OTHER-1',
    product: 'PA-300',
    owner: 'consumer-li-na',
    territory: 'CN-SH',
  });
  await agent.post(`/api/v1/cases/${caseId}/messages`, { body: 'We are on it. 我们正在处理。' });
  now = new Date('2026-11-26T02:00:00Z');
  await processDueClocks(server.db.deps);
  await createCheckpoint(server.db.deps, server.tenantId);
});
afterAll(async () => {
  await server?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function writeZip(file: string, files: Map<string, Buffer>): Promise<void> {
  const zip = new ZipFile();
  for (const [name, bytes] of files) zip.addBuffer(bytes, name);
  zip.end();
  await pipeline(zip.outputStream as unknown as Readable, createWriteStream(file));
}

describe('the dossier of a case', () => {
  let file: string;

  it('holds the entries, the photo, the agreements, the SLA recomputation, the checkpoint and a bilingual index', async () => {
    file = path.join(dir, 'case.zip');
    const summary = await exportDossier(
      server.db.deps,
      server.tenantId,
      { type: 'case', number: caseNumber },
      (await import('node:fs')).createWriteStream(file),
    );
    expect(summary.signedAt).not.toBeNull();
    const files = await readZip(file);
    const names = [...files.keys()];
    for (const name of [
      'index.html',
      'chain.jsonl',
      'manifest.json',
      'checkpoints.json',
      'VERIFY.md',
      'sla/clocks.json',
      'sla/METHOD.md',
      'costs.json',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toContain('agreements/acme-chiller-b2b-cn/v1.yaml');
    expect(names).toContain('agreements/fixit-shanghai-partner/v1.yaml');
    expect(names.some((n) => n.startsWith('keys/') && n.endsWith('.pem'))).toBe(true);
    const attached = names.find((n) => n.startsWith('files/'))!;
    expect(files.get(attached)!.equals(photo)).toBe(true);

    const index = files.get('index.html')!.toString('utf8');
    expect(index).toContain('Case opened, entitlement decided, SLA clocks started');
    expect(index).toContain('服务单创建');
    expect(index).toContain('SLA target breached');
    // The onsite breach raised the supervisor escalation of §7, and the dossier shows it.
    expect(index).toContain('Escalation raised under the terms');
    expect(index).toContain('&quot;breached&quot;:&quot;onsite&quot;');

    const clocks = JSON.parse(files.get('sla/clocks.json')!.toString('utf8'));
    const onsite = clocks.find(
      (c: { side: string; target: string }) => c.side === 'promise' && c.target === 'onsite',
    );
    expect(onsite).toMatchObject({
      calendar: 'cn-business@1',
      recomputed: { status: 'breached' },
      recorded: { status: 'breached' },
    });
    expect(onsite.recomputed.dueAt).toBe(onsite.recorded.dueAt);

    // Other matters' entries in the chain carry their header only.
    const lines = files
      .get('chain.jsonl')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.payload === undefined)).toBe(true);
    expect(
      lines
        .filter((l) => l.payload !== undefined)
        .every(
          (l) => JSON.parse(l.header).subject.id === caseId || JSON.parse(l.header).subject.type === 'unit',
        ),
    ).toBe(true);
  });

  it('verifies offline, and names a changed, a missing and an added file', async () => {
    const report = await verifyDossier(file);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toMatchObject({ valid: true });

    const files = await readZip(file);
    const changed = new Map(files);
    changed.set('sla/clocks.json', Buffer.from('[]'));
    changed.delete('VERIFY.md');
    changed.set('extra.txt', Buffer.from('slipped in'));
    const tampered = path.join(dir, 'tampered.zip');
    await writeZip(tampered, changed);
    const bad = await verifyDossier(tampered);
    expect(bad.ok).toBe(false);
    expect(bad.files).toMatchObject({
      changed: ['sla/clocks.json'],
      missing: ['VERIFY.md'],
      added: ['extra.txt'],
    });
  });

  it('catches an entry rewritten inside the dossier, even with the manifest redone', async () => {
    const files = await readZip(file);
    const lines = files
      .get('chain.jsonl')!
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const target = lines.find((l) => l.payload !== undefined)!;
    target.payload = target.payload.replace('Compressor failure', 'Customer misuse');
    const chain = Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const rewritten = new Map(files);
    rewritten.set('chain.jsonl', chain);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    manifest.files['chain.jsonl'] = (await import('node:crypto'))
      .createHash('sha256')
      .update(chain)
      .digest('hex');
    rewritten.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const forged = path.join(dir, 'forged.zip');
    await writeZip(forged, rewritten);
    const report = await verifyDossier(forged);
    expect(report.ok).toBe(false);
    expect(report.chain.firstBreak).toMatchObject({ kind: 'payload_mismatch', seq: target.seq });
  });

  it('downloads over HTTP for counsel, not for a partner', async () => {
    const counsel = await Session.signIn(server.app, 'counsel@acme.example');
    const response = await counsel.get(`/api/v1/cases/${caseId}/dossier`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const downloaded = path.join(dir, 'downloaded.zip');
    await fs.writeFile(downloaded, response.rawPayload);
    expect((await verifyDossier(downloaded)).ok).toBe(true);
    const fixit = await Session.signIn(server.app, 'partner@fixit.example');
    expect((await fixit.get(`/api/v1/cases/${caseId}/dossier`)).statusCode).toBe(403);
  });

  it('is also made for a party and for an agreement', async () => {
    for (const subject of [
      { type: 'party' as const, key: 'ruijin-hospital' },
      { type: 'agreement' as const, key: 'acme-chiller-b2b-cn' },
    ]) {
      const out = path.join(dir, `${subject.type}.zip`);
      const summary = await exportDossier(
        server.db.deps,
        server.tenantId,
        subject,
        (await import('node:fs')).createWriteStream(out),
      );
      expect(summary.entries).toBeGreaterThan(0);
      expect((await verifyDossier(out)).ok).toBe(true);
    }
  });
});

describe('a dossier made right after activity', () => {
  it('verifies at once, without waiting for the periodic checkpoint, when an agent downloads it', async () => {
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const opened = await agent.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'CH9-2025-00417',
      description: 'Noisy fan',
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id;
    expect((await agent.post(`/api/v1/cases/${id}/messages`, { body: 'Looking into it.' })).statusCode).toBe(
      200,
    );
    // An agent may not sign a checkpoint by hand; the export signs the one it needs.
    expect((await agent.post('/api/v1/evidence/checkpoints', {})).statusCode).toBe(403);
    const response = await agent.get(`/api/v1/cases/${id}/dossier`);
    expect(response.statusCode).toBe(200);
    const downloaded = path.join(dir, 'fresh.zip');
    await fs.writeFile(downloaded, response.rawPayload);
    const report = await verifyDossier(downloaded);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signature).toMatchObject({ valid: true });
    // Exported again with nothing new, it reuses that checkpoint rather than signing another.
    const checkpoints = await server.db.deps.db
      .selectFrom('timeline_checkpoints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', server.tenantId)
      .executeTakeFirstOrThrow();
    expect((await agent.get(`/api/v1/cases/${id}/dossier`)).statusCode).toBe(200);
    const after = await server.db.deps.db
      .selectFrom('timeline_checkpoints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', server.tenantId)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(checkpoints.n));
  });
});

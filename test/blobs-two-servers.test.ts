import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import {
  newServerStorage,
  type ServerProcess,
  type ServerStorage,
  startServerProcess,
} from './support/server-process.ts';

/**
 * Two server processes on one PostgreSQL database, each with its own DATA_DIR and no folder in
 * common, as two machines behind a load balancer: a file uploaded through either is read through
 * the other, because files are kept in the database (BLOB_STORE defaults to it with DATABASE_URL).
 * The embedded database is one process's by design (its folder is locked), so this is for
 * PostgreSQL only: CI runs it in its PostgreSQL pass.
 */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'servicebook-demo' }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('sb_session='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

async function openCaseWithPhoto(url: string, session: { cookie: string; csrf: string }, photo: Buffer) {
  const response = await fetch(`${url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({
      kind: 'repair',
      severity: 'normal',
      serial: 'PA3-2026-118842',
      description: 'the filter rattles / 滤网发出异响',
      attachments: [{ name: 'filter.png', mediaType: 'image/png', contentBase64: photo.toString('base64') }],
    }),
  });
  expect(response.status).toBe(201);
  const id = ((await response.json()) as { id: string }).id;
  const seen = await fetch(`${url}/api/v1/cases/${id}`, { headers: { cookie: session.cookie } });
  const [file] = ((await seen.json()) as { attachments: { href: string }[] }).attachments;
  return file!.href;
}

async function download(url: string, href: string, cookie: string): Promise<Buffer> {
  const response = await fetch(`${url}${href}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe.skipIf(ENGINE !== 'postgres')(
  'two server processes on one PostgreSQL database, no shared folder (PostgreSQL only: an embedded database is one process’s)',
  () => {
    let storage: ServerStorage;
    let otherDataDir: string;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      storage = await newServerStorage();
      otherDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-proc-b-'));
      // One after the other: the first migrates and loads the demo, the second finds them done.
      servers.push(await startServerProcess(storage, 120_000));
      servers.push(await startServerProcess({ ...storage, dataDir: otherDataDir }, 120_000));
    }, 300_000);
    afterAll(async () => {
      for (const s of servers) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      await storage?.dispose();
      await fs.rm(otherDataDir, { recursive: true, force: true });
    });

    it('reads each one’s uploaded files through the other', async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const onA = await signIn(a.url, 'zhang.wei@example.com');
      const onB = await signIn(b.url, 'zhang.wei@example.com');
      // Different bytes each way (a PNG with a trailer), so neither finds the other's copy by chance.
      const photoA = Buffer.concat([PNG, Buffer.from(`through A ${Date.now()}`)]);
      const photoB = Buffer.concat([PNG, Buffer.from(`through B ${Date.now()}`)]);
      const hrefA = await openCaseWithPhoto(a.url, onA, photoA);
      const hrefB = await openCaseWithPhoto(b.url, onB, photoB);
      expect((await download(b.url, hrefA, onB.cookie)).equals(photoA)).toBe(true);
      expect((await download(a.url, hrefB, onA.cookie)).equals(photoB)).toBe(true);
      // Nothing went to either machine's folder.
      for (const dir of [storage.dataDir, otherDataDir]) {
        await expect(fs.access(path.join(dir, 'blobs'))).rejects.toThrow();
      }
      const logLine = a
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"listening"'));
      expect(JSON.parse(logLine!).files).toMatch(/^the database postgres:/);
    });
  },
);

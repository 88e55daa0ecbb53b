import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { DOSSIER_LIMITS, verifyDossier } from './verify-dossier.ts';

/** Hostile archives handed to `servicebook dossier verify` (issue 12): refused, quickly, with a reason. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function zipOf(name: string, entries: [string, Buffer][]): Promise<string> {
  const file = path.join(dir, name);
  const zip = new ZipFile();
  for (const [entryName, bytes] of entries) zip.addBuffer(bytes, entryName);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject);
  });
  return file;
}

describe('verifyDossier bounds', () => {
  it('refuses an entry that inflates 1000:1 (a zip bomb) before reading it', async () => {
    const file = await zipOf('bomb.zip', [['chain.jsonl', Buffer.alloc(30 * 1024 * 1024, 10)]]);
    expect(fs.statSync(file).size).toBeLessThan(200_000);
    const started = Date.now();
    await expect(verifyDossier(file)).rejects.toMatchObject({ code: 'archive_refused' });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 60_000);

  it('refuses an archive with more entries than a dossier holds', async () => {
    const entries: [string, Buffer][] = Array.from({ length: 101 }, (_, i) => [
      `files/${i}`,
      Buffer.from('x'),
    ]);
    const file = await zipOf('many.zip', entries);
    await expect(verifyDossier(file, { ...DOSSIER_LIMITS, entries: 100 })).rejects.toMatchObject({
      code: 'archive_refused',
    });
  });

  it('refuses a chain line longer than the limit without holding it all', async () => {
    const file = await zipOf('line.zip', [['chain.jsonl', Buffer.from('a'.repeat(5000))]]);
    await expect(verifyDossier(file, { ...DOSSIER_LIMITS, lineBytes: 1000 })).rejects.toMatchObject({
      code: 'archive_refused',
    });
  });

  it('stops at the time limit', async () => {
    const lines = Buffer.from('\n'.repeat(100_000));
    const file = await zipOf('slow.zip', [['chain.jsonl', lines]]);
    await expect(verifyDossier(file, { ...DOSSIER_LIMITS, timeMs: 0 })).rejects.toMatchObject({
      code: 'archive_refused',
    });
  });
});

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderBlobStore, sha256Hex } from './blob-store.ts';

describe('FolderBlobStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-blobs-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('stores bytes under their SHA-256 and reads them back', async () => {
    const store = new FolderBlobStore(root);
    const bytes = Buffer.from('保修条款 warranty terms');
    const { sha256, size } = await store.put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    expect(size).toBe(bytes.byteLength);
    expect(await store.has(sha256)).toBe(true);
    expect((await store.get(sha256))?.equals(bytes)).toBe(true);
    const onDisk = path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    expect((await fs.readFile(onDisk)).equals(bytes)).toBe(true);
  });

  it('stores the same bytes once and leaves no temporary files', async () => {
    const store = new FolderBlobStore(root);
    const a = await store.put(Buffer.from('same'));
    const b = await store.put(Buffer.from('same'));
    expect(a.sha256).toBe(b.sha256);
    const dir = path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4));
    expect(await fs.readdir(dir)).toEqual([a.sha256]);
  });

  it('answers undefined for an unknown blob and refuses a malformed name', async () => {
    const store = new FolderBlobStore(root);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});

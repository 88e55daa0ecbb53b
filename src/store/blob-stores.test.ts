import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, openTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { moveBlobs } from '../app/files/index.ts';
import { type BlobStore, FolderBlobStore, sha256Hex } from './blob-store.ts';
import { BLOB_PART_BYTES, DatabaseBlobStore } from './database-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

async function all(store: BlobStore): Promise<string[]> {
  const names: string[] = [];
  for await (const name of store.list()) names.push(name);
  return names;
}

/** What every store must do, whatever keeps the bytes. */
function behavesAsABlobStore(open: () => BlobStore) {
  it('keeps bytes under their SHA-256, once, and lists them', async () => {
    const store = open();
    const bytes = Buffer.from(`保修条款 warranty ${Math.random()}`);
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    expect(first).toEqual({ sha256: sha256Hex(bytes), size: bytes.byteLength });
    expect(second).toEqual(first);
    expect(await store.has(first.sha256)).toBe(true);
    expect((await store.get(first.sha256))?.equals(bytes)).toBe(true);
    expect(await all(store)).toContain(first.sha256);
    const absent = sha256Hex('never stored');
    expect(await store.has(absent)).toBe(false);
    expect(await store.get(absent)).toBeUndefined();
  });

  it('keeps an empty file and a file of several parts whole', async () => {
    const store = open();
    const empty = await store.put(new Uint8Array(0));
    expect((await store.get(empty.sha256))?.byteLength).toBe(0);
    // Two and a half parts of the database store, with bytes that differ part to part.
    const big = Buffer.alloc(BLOB_PART_BYTES * 2 + BLOB_PART_BYTES / 2);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
    const stored = await store.put(big);
    const back = await store.get(stored.sha256);
    expect(back?.byteLength).toBe(big.byteLength);
    expect(sha256Hex(back!)).toBe(stored.sha256);
  });

  it('refuses a name that is not a SHA-256', async () => {
    await expect(open().get('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
}

let folderRoot: string;
beforeAll(async () => {
  folderRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-blob-stores-'));
});
afterAll(async () => {
  await fs.rm(folderRoot, { recursive: true, force: true });
});

describe('the folder store', () => {
  behavesAsABlobStore(() => new FolderBlobStore(path.join(folderRoot, 'folder')));
});

// The database store is PostgreSQL's: the embedded database has one connection, held by the
// transaction that stores a file (the folder is its store). CI runs this in its PostgreSQL pass.
describe.skipIf(ENGINE !== 'postgres')(
  'the database store (PostgreSQL only: PGlite keeps files in the folder)',
  () => {
    let test: TestDatabase;
    const stores: DatabaseBlobStore[] = [];
    const open = () => {
      const store = new DatabaseBlobStore(test.databaseUrl!);
      stores.push(store);
      return store;
    };
    beforeAll(async () => {
      test = await openTestDatabase();
    });
    afterAll(async () => {
      for (const s of stores) await s.close();
      await test?.close();
    });

    behavesAsABlobStore(open);

    it('writes a file in parts of at most 1 MiB, and two processes storing it at once keep one copy', async () => {
      const bytes = Buffer.alloc(BLOB_PART_BYTES * 3 + 7, 7);
      const [a, b] = [open(), open()];
      const [x, y] = await Promise.all([a.put(bytes), b.put(bytes)]);
      expect(x).toEqual(y);
      const parts = await test.handle.db
        .selectFrom('blob_parts')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.max(eb.fn('length', ['bytes'])).as('largest'),
        ])
        .where('sha256', '=', x.sha256)
        .executeTakeFirstOrThrow();
      expect(Number(parts.n)).toBe(4);
      expect(Number(parts.largest)).toBe(BLOB_PART_BYTES);
      expect((await b.get(x.sha256))?.equals(bytes)).toBe(true);
    });

    it('moves the files of a folder over, checks each, and copies nothing the second time', async () => {
      const folder = new FolderBlobStore(path.join(folderRoot, 'to-move'));
      const files = ['one', 'two', '三'].map((t) => Buffer.from(`${t} ${Math.random()}`));
      for (const f of files) await folder.put(f);
      const store = open();
      const first = await moveBlobs(folder, store);
      expect(first).toMatchObject({ seen: 3, copied: 3, alreadyThere: 0, failed: [] });
      for (const f of files) expect((await store.get(sha256Hex(f)))?.equals(f)).toBe(true);
      const again = await moveBlobs(folder, store);
      expect(again).toMatchObject({ seen: 3, copied: 0, alreadyThere: 3, failed: [] });
      // And back out to a fresh folder.
      const out = new FolderBlobStore(path.join(folderRoot, 'moved-out'));
      const back = await moveBlobs(store, out);
      expect(back.failed).toEqual([]);
      expect(back.copied).toBeGreaterThanOrEqual(3);
    });
  },
);

describe('moving files', () => {
  it('reports a file whose bytes no longer match its name, and does not copy it', async () => {
    const folder = new FolderBlobStore(path.join(folderRoot, 'damaged'));
    const good = await folder.put(Buffer.from('good'));
    const bad = await folder.put(Buffer.from('bad'));
    await fs.writeFile(
      path.join(folder.root, bad.sha256.slice(0, 2), bad.sha256.slice(2, 4), bad.sha256),
      'changed',
    );
    const target = new FolderBlobStore(path.join(folderRoot, 'damaged-target'));
    const report = await moveBlobs(folder, target);
    expect(report.copied).toBe(1);
    expect(report.failed).toEqual([
      { sha256: bad.sha256, reason: 'the bytes in the source do not match their SHA-256' },
    ]);
    expect(await target.has(good.sha256)).toBe(true);
    expect(await target.has(bad.sha256)).toBe(false);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// A real S3 protocol server on this machine (s3rver, from npm): no cloud account, no network.
describe('the S3 store, against a local S3-compatible server', () => {
  let server: { run(): Promise<unknown>; close(): Promise<unknown> } | undefined;
  let endpoint = '';
  const stores: S3BlobStore[] = [];
  const open = () => {
    const store = new S3BlobStore({
      endpoint,
      bucket: 'servicebook-test',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: 'files/',
    });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    // No type declarations ship with s3rver: imported by a name held in a variable, it is `any`.
    const s3rverPackage = 's3rver';
    const { default: S3rver } = await import(s3rverPackage);
    const port = await freePort();
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-s3rver-'));
    server = new S3rver({
      port,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: 'servicebook-test', configs: [] }],
    }) as unknown as { run(): Promise<unknown>; close(): Promise<unknown> };
    await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await server?.close();
  });

  behavesAsABlobStore(open);

  it('takes the files of a folder, idempotently', async () => {
    const folder = new FolderBlobStore(path.join(folderRoot, 'to-s3'));
    for (const t of ['a', 'b']) await folder.put(Buffer.from(`${t} ${Math.random()}`));
    const s3 = open();
    expect(await moveBlobs(folder, s3)).toMatchObject({ seen: 2, copied: 2, failed: [] });
    expect(await moveBlobs(folder, s3)).toMatchObject({ seen: 2, copied: 0, alreadyThere: 2 });
  });
});

import { hash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Where files are kept: a folder (one machine's), the database, or an S3-compatible bucket. */
export const BLOB_STORE_KINDS = ['folder', 'database', 's3'] as const;
export type BlobStoreKind = (typeof BLOB_STORE_KINDS)[number];

/** Files kept by the SHA-256 of their bytes: the same file is stored once and cannot change unseen. */
export interface BlobStore {
  readonly kind: BlobStoreKind;
  /** Where, for people: the folder, the database, the bucket. */
  readonly location: string;
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Buffer | undefined>;
  has(sha256: string): Promise<boolean>;
  /** Every file held, by SHA-256, in pages (for `servicebook blobs move`). */
  list(): AsyncIterable<string>;
  /** Releases connections (the database and S3 stores hold their own). */
  close?(): Promise<void>;
}

export const SHA256 = /^[0-9a-f]{64}$/;

/**
 * SHA-256 in hex. The one-shot `crypto.hash` (Node 20.12+) skips the Hash object `createHash`
 * builds per call: on the evidence record's entries of 0.5 to 2 KB it hashes about twice as fast.
 */
export function sha256Hex(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}

/** A blob store in a folder: `blobs/ab/cd/abcd…`, written via a temporary file, fsynced, renamed. */
export class FolderBlobStore implements BlobStore {
  readonly kind = 'folder';
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  get location(): string {
    return this.root;
  }

  async *list(): AsyncIterable<string> {
    const names = async (dir: string): Promise<string[]> => {
      try {
        return (await fs.readdir(dir)).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    };
    for (const a of await names(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await names(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of await names(path.join(this.root, a, b))) {
          if (SHA256.test(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (await this.has(sha256)) return { sha256, size: bytes.byteLength };
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const temporary = path.join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await fs.open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      // Acknowledged means on disk: flush the bytes before the name points at them.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return { sha256, size: bytes.byteLength };
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The configured store, reading through to the folder a server used before (DATA_DIR/blobs) for
 * files not yet moved with `servicebook blobs move`: upgrading changes no answer. New files go to
 * the configured store only.
 */
export class ReadThroughBlobStore implements BlobStore {
  readonly primary: BlobStore;
  readonly earlier: BlobStore;

  constructor(primary: BlobStore, earlier: BlobStore) {
    this.primary = primary;
    this.earlier = earlier;
  }

  get kind(): BlobStoreKind {
    return this.primary.kind;
  }

  get location(): string {
    return `${this.primary.location} (and, until moved, ${this.earlier.location})`;
  }

  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    return this.primary.put(bytes);
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    return (await this.primary.get(sha256)) ?? (await this.earlier.get(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.primary.has(sha256)) || (await this.earlier.has(sha256));
  }

  list(): AsyncIterable<string> {
    return this.primary.list();
  }

  async close(): Promise<void> {
    await this.primary.close?.();
    await this.earlier.close?.();
  }
}

import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * The dossier's zip as it is written: each file is hashed as it goes in, and the manifest of
 * those SHA-256 hashes goes in last, once every file before it has been read.
 */
export class DossierZip {
  private readonly zip = new ZipFile();
  private readonly manifest: Record<string, string> = {};

  /** A file read only when the zip reaches it, so large contents stream a page at a time. */
  addStream(name: string, source: AsyncIterable<string | Buffer>): void {
    const manifest = this.manifest;
    this.zip.addReadStreamLazy(name, (cb) => {
      const hash = createHash('sha256');
      const stream = Readable.from(
        (async function* () {
          for await (const chunk of source) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
            hash.update(bytes);
            yield bytes;
          }
          manifest[name] = hash.digest('hex');
        })(),
      );
      cb(null, stream);
    });
  }

  add(name: string, content: string | Buffer): void {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.manifest[name] = createHash('sha256').update(bytes).digest('hex');
    this.zip.addBuffer(bytes, name);
  }

  addJson(name: string, value: unknown): void {
    this.add(name, `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes the manifest last and streams the whole zip to `output`; answers how many files it holds. */
  async finish(output: Writable): Promise<number> {
    this.zip.addReadStreamLazy('manifest.json', (cb) => {
      const files = Object.fromEntries(Object.entries(this.manifest).sort());
      const text = `${JSON.stringify({ algorithm: 'SHA-256', files }, null, 2)}\n`;
      cb(null, Readable.from([Buffer.from(text)]));
    });
    this.zip.end();
    await pipeline(this.zip.outputStream as unknown as Readable, output);
    return Object.keys(this.manifest).length;
  }
}

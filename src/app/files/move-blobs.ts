import type { Kysely } from 'kysely';
import { type BlobStore, sha256Hex } from '../../store/blob-store.ts';
import type { Database } from '../../store/schema.ts';

export interface MoveBlobsReport {
  from: string;
  to: string;
  /** Files in the source store. */
  seen: number;
  /** Copied now, and read back from the target with the right SHA-256. */
  copied: number;
  /** In the target already with the right SHA-256 (a second run copies nothing). */
  alreadyThere: number;
  /** Bytes copied. */
  bytes: number;
  /** Files that could not be moved, and why: the source's bytes do not match their name, or the copy does not. */
  failed: { sha256: string; reason: string }[];
}

/**
 * Copies every file of one blob store into another (`servicebook blobs move`), one at a time so
 * memory holds one file. Idempotent: a file in the target already is read back and its hash
 * checked, not copied again. Every copy is read back from the target and checked against its
 * SHA-256; a file whose bytes in the source do not match its name is reported, not copied.
 * The source keeps its files: remove them (the folder) once the servers use the target.
 */
export async function moveBlobs(
  source: BlobStore,
  target: BlobStore,
  progress: (report: MoveBlobsReport) => void = () => {},
): Promise<MoveBlobsReport> {
  const report: MoveBlobsReport = {
    from: source.location,
    to: target.location,
    seen: 0,
    copied: 0,
    alreadyThere: 0,
    bytes: 0,
    failed: [],
  };
  for await (const sha256 of source.list()) {
    report.seen += 1;
    const there = await target.get(sha256);
    if (there && sha256Hex(there) === sha256) {
      report.alreadyThere += 1;
    } else {
      const bytes = await source.get(sha256);
      if (!bytes) {
        report.failed.push({ sha256, reason: 'listed by the source but not readable from it' });
      } else if (sha256Hex(bytes) !== sha256) {
        report.failed.push({ sha256, reason: 'the bytes in the source do not match their SHA-256' });
      } else if (there) {
        // A wrong copy in the target: content-addressed stores keep the first write, so say so.
        report.failed.push({ sha256, reason: 'the target holds different bytes under this SHA-256' });
      } else {
        await target.put(bytes);
        const back = await target.get(sha256);
        if (!back || sha256Hex(back) !== sha256) {
          report.failed.push({ sha256, reason: 'the copy read back from the target does not match' });
        } else {
          report.copied += 1;
          report.bytes += bytes.byteLength;
        }
      }
    }
    if (report.seen % 100 === 0) progress(report);
  }
  return report;
}

/**
 * Files the tenants have registered (the `blobs` table) that the store does not hold: after a
 * move to the store the servers use, this is empty. Pages by the primary key.
 */
export async function blobsMissingFrom(db: Kysely<Database>, store: BlobStore): Promise<string[]> {
  const missing = new Set<string>();
  let after = { tenant: '00000000-0000-0000-0000-000000000000', sha256: '' };
  for (;;) {
    const page = await db
      .selectFrom('blobs')
      .select(['tenant_id', 'sha256'])
      .where((eb) =>
        eb.or([
          eb('tenant_id', '>', after.tenant),
          eb.and([eb('tenant_id', '=', after.tenant), eb('sha256', '>', after.sha256)]),
        ]),
      )
      .orderBy('tenant_id')
      .orderBy('sha256')
      .limit(500)
      .execute();
    for (const row of page)
      if (!missing.has(row.sha256) && !(await store.has(row.sha256))) missing.add(row.sha256);
    if (page.length < 500) return [...missing].sort();
    const last = page[page.length - 1]!;
    after = { tenant: last.tenant_id, sha256: last.sha256 };
  }
}

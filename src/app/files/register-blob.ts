import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/**
 * Records that a tenant holds a file already written to the blob store, in the caller's
 * transaction. The same bytes registered twice are one row.
 */
export async function registerBlob(
  db: Kysely<Database>,
  tenantId: string,
  blob: { sha256: string; size: number },
  mediaType: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('blobs')
    .values({
      tenant_id: tenantId,
      sha256: blob.sha256,
      size: blob.size,
      media_type: mediaType,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'sha256']).doNothing())
    .execute();
}

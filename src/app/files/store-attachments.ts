import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { checkDeclaredMediaType, recordedMediaType } from './media-type.ts';
import { registerBlob } from './register-blob.ts';

export interface AttachmentInput {
  name: string;
  mediaType: string;
  /** The file's bytes, base64. */
  contentBase64: string;
}

export interface StoredAttachment {
  name: string;
  mediaType: string;
  sha256: string;
  size: number;
}

/** Up to 10 MB per file: photos and scanned documents, not video. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Puts attached files in the blob store (by SHA-256, written and synced before the database
 * commit that names them) and registers them for the tenant, in the caller's transaction.
 */
export async function storeAttachments(
  deps: Pick<AppDeps, 'blobs' | 'now'>,
  trx: Kysely<Database>,
  tenantId: string,
  attachments: readonly AttachmentInput[],
  path: string,
): Promise<StoredAttachment[]> {
  const decoded = attachments.map((a, i) => {
    checkDeclaredMediaType(a.mediaType, `${path}/${i}/mediaType`);
    const bytes = Buffer.from(a.contentBase64, 'base64');
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_ATTACHMENT_BYTES) {
      throw invalid([
        {
          path: `${path}/${i}/contentBase64`,
          message: `a file must hold 1 byte to ${MAX_ATTACHMENT_BYTES} bytes`,
        },
      ]);
    }
    return { ...a, bytes };
  });
  const stored: StoredAttachment[] = [];
  for (const a of decoded) {
    // The bytes, not the uploader, say what a file is when they can.
    const mediaType = await recordedMediaType(a.bytes, a.mediaType);
    const blob = await deps.blobs.put(a.bytes);
    await registerBlob(trx, tenantId, blob, mediaType, deps.now());
    stored.push({ name: a.name, mediaType, sha256: blob.sha256, size: blob.size });
  }
  return stored;
}

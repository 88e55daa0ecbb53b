import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';

/** The original bytes of a document, checked against the hash they were filed under. */
export async function readDocumentSource(
  deps: AppDeps,
  actor: Actor,
  documentId: string,
): Promise<{ mediaType: string; sourceName: string; bytes: Buffer }> {
  requireAccess(actor, 'read', 'document');
  const row = await deps.db
    .selectFrom('documents')
    .select(['source_sha256', 'media_type', 'source_name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('document_id', '=', documentId)
    .executeTakeFirst();
  if (!row) throw notFound({ en: 'No such document.', zh: '没有该文件。' });
  const bytes = await deps.blobs.get(row.source_sha256);
  if (!bytes) {
    throw new AppError('internal', {
      detail: { en: `The blob ${row.source_sha256} is missing.`, zh: `文件数据 ${row.source_sha256} 缺失。` },
    });
  }
  return { mediaType: row.media_type, sourceName: row.source_name, bytes };
}

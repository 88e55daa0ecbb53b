import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import type { StoredAttachment } from '../files/index.ts';
import { loadRequest } from './supplier-request-support.ts';

/** A file attached to a request message, with where the caller downloads it. */
export interface RequestFile extends StoredAttachment {
  messageId: string;
  href: string;
}

/**
 * The files of a request's messages, by message. The message row keeps only the SHA-256s
 * (`blobs`); the names and types are in the evidence entry that recorded the message (opened or
 * message), read through the timeline's by-subject index, so a name is the one that was recorded.
 */
export async function requestFiles(
  db: Kysely<Database>,
  tenantId: string,
  requestId: string,
): Promise<Map<string, RequestFile[]>> {
  const entries = await db
    .selectFrom('timeline_entries')
    .select('payload')
    .where('tenant_id', '=', tenantId)
    .where('subject_type', '=', 'supplier_request')
    .where('subject_id', '=', requestId)
    .where('entry_type', 'in', ['supplier_request.opened', 'supplier_request.message'])
    .orderBy('seq')
    .execute();
  const byMessage = new Map<string, RequestFile[]>();
  for (const e of entries) {
    const p = JSON.parse(e.payload) as { messageId?: string; attachments?: StoredAttachment[] };
    if (!p.messageId || !p.attachments?.length) continue;
    byMessage.set(
      p.messageId,
      p.attachments.map((f) => ({
        name: f.name,
        mediaType: f.mediaType,
        sha256: f.sha256,
        size: f.size,
        messageId: p.messageId!,
        href: `/api/v1/supplier-requests/${requestId}/files/${f.sha256}`,
      })),
    );
  }
  return byMessage;
}

/** One file of a request the actor may see (the brand's staff, or the supplier it is addressed to). */
export async function readSupplierRequestFile(
  deps: AppDeps,
  actor: Actor,
  requestId: string,
  sha256: string,
): Promise<{ name: string; mediaType: string; bytes: Buffer }> {
  const req = await loadRequest(deps, actor, requestId);
  const files = await requestFiles(deps.db, actor.tenantId, req.request_id);
  const file = [...files.values()].flat().find((f) => f.sha256 === sha256);
  const missing = { en: 'No such file on this request.', zh: '该支持请求没有此文件。' };
  if (!file) throw notFound(missing);
  const bytes = await deps.blobs.get(sha256);
  if (!bytes) throw notFound(missing);
  return { name: file.name, mediaType: file.mediaType, bytes };
}

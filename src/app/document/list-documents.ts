import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import type { DocumentKind } from './import-document.ts';

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  key: string;
  version: number;
  title: string;
  sourceName: string;
  sha256: string;
  loadedAt: Date;
}

export async function listDocuments(
  deps: AppDeps,
  actor: Actor,
  kind?: DocumentKind,
): Promise<DocumentView[]> {
  requireAccess(actor, 'read', 'document');
  let query = deps.db.selectFrom('documents').selectAll().where('tenant_id', '=', actor.tenantId);
  if (kind) query = query.where('kind', '=', kind);
  const rows = await query.orderBy('kind').orderBy('doc_key').orderBy('version').execute();
  return rows.map((r) => ({
    id: r.document_id,
    kind: r.kind,
    key: r.doc_key,
    version: r.version,
    title: r.title,
    sourceName: r.source_name,
    sha256: r.source_sha256,
    loadedAt: r.loaded_at,
  }));
}

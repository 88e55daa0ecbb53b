import type { Kysely } from 'kysely';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { registerBlob } from '../files/index.ts';

export type DocumentKind = 'terms' | 'calendar' | 'claim';

export interface DocumentSource {
  kind: DocumentKind;
  /** The file name it came from, kept for people and for error messages. */
  sourceName: string;
  text: string;
}

export interface ImportedDocument {
  id: string;
  kind: DocumentKind;
  key: string;
  version: number;
  title: string;
  sha256: string;
  /** False when the same version with the same text was already there. */
  created: boolean;
}

/**
 * Keeps a terms, calendar or claim file as a document: its text in the blob store, its identity
 * (`id`, `version`) in the database. What the content means is for the terms and calendar rules;
 * here we read just enough to file it, and refuse to change a version that exists.
 */
export async function importDocument(
  deps: AppDeps,
  tenantId: string,
  source: DocumentSource,
  db: Kysely<Database> = deps.db,
): Promise<ImportedDocument> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const at = lineCounter.linePos(firstError.pos[0]);
    throw invalid([
      { path: `${source.sourceName}:${at.line}:${at.col}`, message: firstError.message.split('\n')[0]! },
    ]);
  }
  if (!isMap(doc.contents))
    throw invalid([{ path: `${source.sourceName}:1:1`, message: 'expected a mapping at the top' }]);
  const content = doc.toJS() as Record<string, unknown>;
  const key =
    source.kind === 'claim'
      ? (((content.unit as Record<string, unknown>)?.serial as string) ?? source.sourceName)
      : content.id;
  if (typeof key !== 'string' || key === '') {
    throw invalid([{ path: `${source.sourceName}:1:1 id`, message: 'a document needs an `id`' }]);
  }
  const version = content.version ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid([{ path: `${source.sourceName} version`, message: 'must be a positive whole number' }]);
  }
  const title =
    typeof content.title === 'string' ? content.title : typeof content.name === 'string' ? content.name : key;

  const bytes = Buffer.from(source.text, 'utf8');
  const blob = await deps.blobs.put(bytes);
  const now = deps.now();
  await registerBlob(db, tenantId, blob, 'application/yaml', now);
  const existing = await db
    .selectFrom('documents')
    .select(['document_id', 'source_sha256', 'title'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', source.kind)
    .where('doc_key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  if (existing) {
    if (existing.source_sha256 !== blob.sha256) {
      throw new AppError('version_exists', {
        detail: {
          en: `${source.kind} ${key} version ${version} exists with other text; versions are never edited: add a new version.`,
          zh: `${source.kind} ${key} 第 ${version} 版已存在且内容不同；版本不可修改，请新增版本。`,
        },
      });
    }
    return {
      id: existing.document_id,
      kind: source.kind,
      key,
      version,
      title: existing.title,
      sha256: blob.sha256,
      created: false,
    };
  }
  const id = deps.newId();
  await db
    .insertInto('documents')
    .values({
      tenant_id: tenantId,
      document_id: id,
      kind: source.kind,
      doc_key: key,
      version,
      title,
      source_name: source.sourceName,
      source_sha256: blob.sha256,
      media_type: 'application/yaml',
      loaded_at: now,
    })
    .execute();
  return { id, kind: source.kind, key, version, title, sha256: blob.sha256, created: true };
}

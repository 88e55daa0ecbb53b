import type { Actor } from '../../domain/access/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { readJson } from '../../store/schema.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import {
  AGREEMENT_NOT_FOUND,
  type AgreementVersionView,
  toVersionView,
  versionColumns,
} from './agreement-store.ts';

export interface AgreementVersionDetail extends AgreementVersionView {
  content: Agreement;
}

/** One version of an agreement (the latest when no version is given), with its validated content. */
export async function showAgreement(
  deps: AppDeps,
  actor: Actor,
  id: string,
  version?: number,
): Promise<AgreementVersionDetail> {
  requireAccess(actor, 'read', 'agreement');
  let query = deps.db
    .selectFrom('agreement_versions')
    .select([...versionColumns(), 'content'])
    .where('tenant_id', '=', actor.tenantId)
    .where('agreement_key', '=', id);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(AGREEMENT_NOT_FOUND);
  const content = readJson(row.content);
  return { ...toVersionView(row), content };
}

/** The file of a version exactly as it was imported. */
export async function readAgreementSource(
  deps: AppDeps,
  actor: Actor,
  id: string,
  version: number,
): Promise<{ text: Buffer; mediaType: string; sourceName: string }> {
  requireAccess(actor, 'read', 'agreement');
  const row = await deps.db
    .selectFrom('agreement_versions')
    .select(['source_sha256', 'media_type', 'source_name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('agreement_key', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound(AGREEMENT_NOT_FOUND);
  const text = await deps.blobs.get(row.source_sha256);
  if (!text) throw new Error(`blob ${row.source_sha256} is missing from the blob store`);
  return { text, mediaType: row.media_type, sourceName: row.source_name };
}

import type { Actor } from '../../domain/access/index.ts';
import { isEditable } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type AttachmentInput, storeAttachments } from '../files/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ArticleView, articleView, loadArticleRow } from './article-store.ts';
import { loadReadableByKey } from './read-article.ts';

/**
 * Adds images and files to an article's working copy, through the same blob store and the same
 * type sniffing as case attachments; a file of the same name is replaced. The body names them
 * as `![…](file:name)`.
 */
export async function attachArticleFiles(
  deps: AppDeps,
  actor: Actor,
  articleId: string,
  files: AttachmentInput[],
): Promise<ArticleView> {
  requireAccess(actor, 'write', 'article');
  await inTransaction(deps, async (trx) => {
    const row = await loadArticleRow(trx, actor.tenantId, articleId, true);
    if (!isEditable(row.state)) throw new AppError('invalid_transition');
    const stored = await storeAttachments(deps, trx, actor.tenantId, files, '/body/files');
    const names = new Set(stored.map((s) => s.name));
    const next = [...row.files.filter((f) => !names.has(f.name)), ...stored];
    await trx
      .updateTable('kb_articles')
      .set({ files: JSON.stringify(next), updated_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('article_id', '=', articleId)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'article.changed',
      subject: { type: 'article', id: articleId },
      payload: { filesAdded: stored },
      blobs: stored.map((s) => s.sha256),
    });
  });
  return articleView(deps.db, await loadArticleRow(deps.db, actor.tenantId, articleId));
}

/** A file of a published article, for a reader who may read the article (else not found). */
export async function readArticleFile(deps: AppDeps, actor: Actor, key: string, sha256: string) {
  const { version } = await loadReadableByKey(deps, actor, key);
  const file = version.content.files.find((f) => f.sha256 === sha256);
  if (!file) throw notFound({ en: 'No such file.', zh: '没有该文件。' });
  const bytes = await deps.blobs.get(sha256);
  return { file, bytes };
}

/** A file of the working copy, for the authors (the editor's preview shows drafts' images). */
export async function readDraftArticleFile(deps: AppDeps, actor: Actor, articleId: string, sha256: string) {
  requireAccess(actor, 'write', 'article');
  const row = await loadArticleRow(deps.db, actor.tenantId, articleId);
  const file = row.files.find((f) => f.sha256 === sha256);
  if (!file) throw notFound({ en: 'No such file.', zh: '没有该文件。' });
  const bytes = await deps.blobs.get(sha256);
  return { file, bytes };
}

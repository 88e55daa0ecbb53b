import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { loadArticleRow } from './article-store.ts';
import { renderArticleBody } from './render-markdown.ts';

/** The editor's live preview: the same renderer readers get, with the draft's files. */
export async function previewArticle(
  deps: AppDeps,
  actor: Actor,
  body: string,
  articleId?: string,
): Promise<{ html: string }> {
  requireAccess(actor, 'write', 'article');
  const files = articleId ? (await loadArticleRow(deps.db, actor.tenantId, articleId)).files : [];
  return { html: renderArticleBody(body, files, `/api/v1/kb/articles/${articleId ?? 'none'}/files`) };
}

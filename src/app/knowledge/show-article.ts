import type { Actor } from '../../domain/access/index.ts';
import type { ArticleLanguage } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { ARTICLE_NOT_FOUND, type ArticleView, articleView, loadArticleRow } from './article-store.ts';
import { type PublishedArticle, publishedView } from './read-article.ts';

export interface VersionSummary {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  recordedAt: string;
}

/** The working copy with its published versions, for the authors. */
export async function showArticle(
  deps: AppDeps,
  actor: Actor,
  articleId: string,
): Promise<ArticleView & { versions: VersionSummary[] }> {
  requireAccess(actor, 'write', 'article');
  const row = await loadArticleRow(deps.db, actor.tenantId, articleId);
  const versions = await deps.db
    .selectFrom('kb_article_versions as v')
    .leftJoin('users as u', (j) =>
      j.onRef('u.tenant_id', '=', 'v.tenant_id').onRef('u.user_id', '=', 'v.published_by_user_id'),
    )
    .select(['v.version', 'v.published_at', 'v.recorded_at', 'u.name'])
    .where('v.tenant_id', '=', actor.tenantId)
    .where('v.article_id', '=', articleId)
    .orderBy('v.version', 'desc')
    .execute();
  return {
    ...(await articleView(deps.db, row)),
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at.toISOString(),
      publishedBy: v.name,
      recordedAt: v.recorded_at.toISOString(),
    })),
  };
}

/** One published version, exactly as it was shown, for the authors (what was a customer told). */
export async function showArticleVersion(
  deps: AppDeps,
  actor: Actor,
  articleId: string,
  version: number,
  lang: ArticleLanguage,
): Promise<PublishedArticle> {
  requireAccess(actor, 'write', 'article');
  const row = await loadArticleRow(deps.db, actor.tenantId, articleId);
  const v = await deps.db
    .selectFrom('kb_article_versions')
    .select(['version', 'published_at', 'content'])
    .where('tenant_id', '=', actor.tenantId)
    .where('article_id', '=', articleId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!v) throw notFound(ARTICLE_NOT_FOUND);
  return publishedView(row, { version: v.version, publishedAt: v.published_at, content: v.content }, lang);
}

import type { Actor } from '../../domain/access/index.ts';
import { type ArticleState, mayMoveTo, publishableLanguages } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ArticleView, articleView, contentOf, loadArticleRow } from './article-store.ts';
import { indexArticle } from './search-index.ts';

export interface StateChange {
  state: ArticleState;
  /** Publishing only: when the version becomes visible (now when absent or past). */
  publishAt?: string;
}

/**
 * Moves an article through draft, review, published and archived. Publishing writes a new,
 * never-changed version with who published it and from when it is shown, records it on the
 * evidence record (what a customer was told on a date), and puts it in the search index.
 * Archiving takes it out of the index and out of every reader's sight until it is published
 * again; its versions stay.
 */
export async function changeArticleState(
  deps: AppDeps,
  actor: Actor,
  articleId: string,
  change: StateChange,
): Promise<ArticleView> {
  requireAccess(actor, 'write', 'article');
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const row = await loadArticleRow(trx, actor.tenantId, articleId, true);
    if (!mayMoveTo(row.state, change.state)) {
      throw new AppError('invalid_transition', {
        detail: {
          en: `An article cannot go from ${row.state} to ${change.state}.`,
          zh: `文章不能从 ${row.state} 变为 ${change.state}。`,
        },
      });
    }
    const view = await articleView(trx, row);
    if (change.state === 'published') {
      if (publishableLanguages(row.texts).length === 0) {
        throw new AppError('invalid_input', {
          fields: [
            { path: '/body/state', message: 'the article needs a title and a body in one language at least' },
          ],
        });
      }
      const requested = change.publishAt ? new Date(change.publishAt) : now;
      const publishedAt = requested.getTime() > now.getTime() ? requested : now;
      const version = (row.live_version ?? 0) + 1;
      const content = contentOf(view);
      await trx
        .insertInto('kb_article_versions')
        .values({
          tenant_id: actor.tenantId,
          article_id: articleId,
          version,
          content: JSON.stringify(content),
          published_at: publishedAt,
          published_by_user_id: actor.userId,
          recorded_at: now,
        })
        .execute();
      await trx
        .updateTable('kb_articles')
        .set({
          state: 'published',
          live_version: version,
          visible_from: row.visible_from ?? publishedAt,
          updated_at: now,
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('article_id', '=', articleId)
        .execute();
      await indexArticle(trx, actor.tenantId, articleId, content);
      await recordChange(deps, trx, actor, {
        type: 'article.published',
        subject: { type: 'article', id: articleId },
        payload: { key: row.key, version, publishedAt: publishedAt.toISOString(), content },
        blobs: content.files.map((f) => f.sha256),
      });
      return;
    }
    await trx
      .updateTable('kb_articles')
      // An archived article is out of sight until published again, even once back in draft.
      .set({
        state: change.state,
        updated_at: now,
        ...(change.state === 'archived' && { visible_from: null }),
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('article_id', '=', articleId)
      .execute();
    if (change.state === 'archived') await indexArticle(trx, actor.tenantId, articleId, null);
    await recordChange(deps, trx, actor, {
      type: 'article.state_changed',
      subject: { type: 'article', id: articleId },
      payload: { from: row.state, to: change.state },
    });
  });
  return articleView(deps.db, await loadArticleRow(deps.db, actor.tenantId, articleId));
}

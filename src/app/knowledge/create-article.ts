import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ArticleInput, type ArticleView, articleView, loadArticleRow } from './article-store.ts';
import { checkArticleInput } from './check-input.ts';

/** A new article, in draft: nobody but staff reads it until it is published. */
export async function createArticle(deps: AppDeps, actor: Actor, input: ArticleInput): Promise<ArticleView> {
  requireAccess(actor, 'write', 'article');
  const articleId = deps.newId();
  const now = deps.now();
  try {
    await inTransaction(deps, async (trx) => {
      const productIds = await checkArticleInput(trx, actor.tenantId, input);
      await trx
        .insertInto('kb_articles')
        .values({
          tenant_id: actor.tenantId,
          article_id: articleId,
          key: input.key,
          state: 'draft',
          visibility: input.visibility,
          product_ids: productIds,
          part_categories: input.partCategories ?? [],
          fault_codes: JSON.stringify(input.faultCodes ?? []),
          error_messages: input.errorMessages ?? [],
          troubleshooting_tree_key: input.troubleshootingTreeKey ?? null,
          texts: JSON.stringify(input.texts),
          files: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordChange(deps, trx, actor, {
        type: 'article.created',
        subject: { type: 'article', id: articleId },
        payload: input,
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('key_taken', { fields: [{ path: '/body/key', message: 'already taken' }] });
    }
    throw error;
  }
  return articleView(deps.db, await loadArticleRow(deps.db, actor.tenantId, articleId));
}

import type { Actor } from '../../domain/access/index.ts';
import { isEditable } from '../../domain/knowledge/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ArticleInput, type ArticleView, articleView, loadArticleRow } from './article-store.ts';
import { checkArticleInput } from './check-input.ts';

/**
 * Edits the working copy. A published article is moved back to draft first (its published
 * version stays what readers see); editing it in place would change what was told.
 */
export async function updateArticle(
  deps: AppDeps,
  actor: Actor,
  articleId: string,
  changes: Partial<ArticleInput>,
): Promise<ArticleView> {
  requireAccess(actor, 'write', 'article');
  try {
    await inTransaction(deps, async (trx) => {
      const row = await loadArticleRow(trx, actor.tenantId, articleId, true);
      if (!isEditable(row.state)) {
        throw new AppError('invalid_transition', {
          detail: {
            en: 'Only a draft or an article in review is edited: move it back to draft first.',
            zh: '只能编辑草稿或审核中的文章：请先将其退回草稿。',
          },
        });
      }
      const productIds =
        changes.productModels !== undefined || changes.faultCodes !== undefined || changes.texts !== undefined
          ? await checkArticleInput(trx, actor.tenantId, changes)
          : row.product_ids;
      await trx
        .updateTable('kb_articles')
        .set({
          ...(changes.key !== undefined && { key: changes.key }),
          ...(changes.visibility !== undefined && { visibility: changes.visibility }),
          ...(changes.productModels !== undefined && { product_ids: productIds }),
          ...(changes.partCategories !== undefined && { part_categories: changes.partCategories }),
          ...(changes.faultCodes !== undefined && { fault_codes: JSON.stringify(changes.faultCodes) }),
          ...(changes.errorMessages !== undefined && { error_messages: changes.errorMessages }),
          ...(changes.troubleshootingTreeKey !== undefined && {
            troubleshooting_tree_key: changes.troubleshootingTreeKey,
          }),
          ...(changes.texts !== undefined && { texts: JSON.stringify(changes.texts) }),
          updated_at: deps.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('article_id', '=', articleId)
        .execute();
      await recordChange(deps, trx, actor, {
        type: 'article.changed',
        subject: { type: 'article', id: articleId },
        payload: changes,
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

import type { Actor } from '../../domain/access/index.ts';
import { type ArticleLanguage, faultCodesIn } from '../../domain/knowledge/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { articleReaderOf } from './article-store.ts';
import { type SearchHit, searchWithReader } from './search-articles.ts';

/** What the case's product is, for suggestions and similar cases. */
export async function caseProduct(deps: Pick<AppDeps, 'db'>, tenantId: string, unitId: string | null) {
  if (!unitId) return null;
  return (
    (await deps.db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .select(['products.product_id', 'products.model'])
      .where('units.tenant_id', '=', tenantId)
      .where('units.unit_id', '=', unitId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Articles for the agent working a case: searched with the case's text, the fault codes it names
 * and its product model, those attached to its product ranked higher; what the agent may read.
 */
export async function caseSuggestions(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  lang: ArticleLanguage,
): Promise<SearchHit[]> {
  const row = await loadVisibleCase(deps.db, actor, caseId);
  const product = await caseProduct(deps, actor.tenantId, row.unit_id);
  const codes = [...faultCodesIn(row.description)];
  const query = [
    product?.model ?? '',
    ...codes,
    row.failure?.partCategory?.replace(/_/g, ' ') ?? '',
    row.description,
  ]
    .join(' ')
    .trim();
  const reader = await articleReaderOf(deps.db, actor);
  return searchWithReader(deps, actor.tenantId, reader, {
    query,
    lang,
    limit: 5,
    productId: product?.product_id ?? null,
  });
}

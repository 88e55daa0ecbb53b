import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { invalid } from '../errors.ts';
import { type ArticleInput, productIdsOf } from './article-store.ts';

/**
 * Checks what the schema cannot: at least one language written, the products and the fault
 * codes' models sold by the tenant. Returns the product ids.
 */
export async function checkArticleInput(
  db: Kysely<Database>,
  tenantId: string,
  input: Partial<ArticleInput>,
): Promise<string[]> {
  if (input.texts && input.texts.en === null && input.texts.zh === null) {
    throw invalid([{ path: '/body/texts', message: 'write the article in English, Chinese or both' }]);
  }
  const productIds = await productIdsOf(db, tenantId, input.productModels ?? [], '/body/productModels');
  const faultModels = [...new Set((input.faultCodes ?? []).map((f) => f.model))];
  await productIdsOf(db, tenantId, faultModels, '/body/faultCodes');
  return productIds;
}

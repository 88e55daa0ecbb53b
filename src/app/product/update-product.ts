import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  checkBillOfParts,
  loadProductView,
  type ProductInput,
  type ProductView,
  replaceBillOfParts,
} from './product-view.ts';

/** Changes the fields given; a given bill of parts replaces the old one whole. */
export async function updateProduct(
  deps: AppDeps,
  actor: Actor,
  productId: string,
  changes: Partial<ProductInput>,
): Promise<ProductView> {
  const current = await loadProductView(deps.db, actor.tenantId, productId);
  requireAccess(actor, 'write', 'product');
  const categories = changes.partCategories ?? current.partCategories;
  checkBillOfParts(categories, changes.billOfParts ?? current.billOfParts);
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .updateTable('products')
        .set({
          ...(changes.model !== undefined && { model: changes.model }),
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.nameZh !== undefined && { name_zh: changes.nameZh }),
          ...(changes.partCategories !== undefined && { part_categories: changes.partCategories }),
          ...(changes.endOfProduction !== undefined && { end_of_production: changes.endOfProduction }),
          updated_at: deps.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('product_id', '=', productId)
        .execute();
      if (changes.billOfParts) await replaceBillOfParts(trx, actor.tenantId, productId, changes.billOfParts);
      await recordChange(deps, trx, actor, {
        type: 'product.changed',
        subject: { type: 'product', id: productId },
        payload: changes,
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('model_taken', { fields: [{ path: '/body/model', message: 'already taken' }] });
    }
    throw error;
  }
  return loadProductView(deps.db, actor.tenantId, productId);
}

import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadProductView } from './product-view.ts';

/** Deletes a product no unit is of. */
export async function deleteProduct(deps: AppDeps, actor: Actor, productId: string): Promise<void> {
  await loadProductView(deps.db, actor.tenantId, productId);
  requireAccess(actor, 'write', 'product');
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .deleteFrom('products')
        .where('tenant_id', '=', actor.tenantId)
        .where('product_id', '=', productId)
        .execute();
      await recordChange(deps, trx, actor, {
        type: 'product.deleted',
        subject: { type: 'product', id: productId },
        payload: {},
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === '23503') {
      throw new AppError('in_use', {
        detail: { en: 'Units of this product exist.', zh: '存在该产品的设备。' },
      });
    }
    throw error;
  }
}

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

export async function createProduct(deps: AppDeps, actor: Actor, input: ProductInput): Promise<ProductView> {
  requireAccess(actor, 'write', 'product');
  const lines = input.billOfParts ?? [];
  checkBillOfParts(input.partCategories, lines);
  const productId = deps.newId();
  const now = deps.now();
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .insertInto('products')
        .values({
          tenant_id: actor.tenantId,
          product_id: productId,
          model: input.model,
          name: input.name,
          name_zh: input.nameZh ?? null,
          part_categories: input.partCategories,
          end_of_production: input.endOfProduction ?? null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await replaceBillOfParts(trx, actor.tenantId, productId, lines);
      await recordChange(deps, trx, actor, {
        type: 'product.created',
        subject: { type: 'product', id: productId },
        payload: input,
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('model_taken', {
        detail: { en: `Model ${input.model} exists.`, zh: `型号 ${input.model} 已存在。` },
        fields: [{ path: '/body/model', message: 'already taken' }],
      });
    }
    throw error;
  }
  return loadProductView(deps.db, actor.tenantId, productId);
}

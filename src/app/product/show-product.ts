import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { loadProductView, type ProductView } from './product-view.ts';

export async function showProduct(deps: AppDeps, actor: Actor, productId: string): Promise<ProductView> {
  return loadProductView(deps.db, actor.tenantId, productId);
}

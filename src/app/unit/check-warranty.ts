import type { Actor } from '../../domain/access/access.ts';
import { type WarrantyOverview, warrantyOverview } from '../../domain/terms/warranty.ts';
import type { AppDeps } from '../context.ts';
import { loadAgreements } from '../terms/agreement-store.ts';
import { unitFactsOf } from '../terms/decide-entitlement.ts';
import { showUnitBySerial } from './show-unit.ts';

export interface WarrantyCheck extends WarrantyOverview {
  productName: { en: string; zh: string | null };
  checkedOn: string;
}

/**
 * The warranty of one unit the caller may see (a customer: its own), part category by part
 * category, as of today in China (the terms' dates are Chinese calendar dates).
 */
export async function checkWarranty(deps: AppDeps, actor: Actor, serial: string): Promise<WarrantyCheck> {
  const unit = await showUnitBySerial(deps, actor, serial.trim());
  const product = await deps.db
    .selectFrom('products')
    .select(['part_categories', 'name', 'name_zh'])
    .where('tenant_id', '=', actor.tenantId)
    .where('product_id', '=', unit.product.id)
    .executeTakeFirstOrThrow();
  const agreements = await loadAgreements(deps.db, actor.tenantId);
  const today = new Date(deps.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    ...warrantyOverview(agreements, unitFactsOf(unit), product.part_categories, today),
    productName: { en: product.name, zh: product.name_zh },
    checkedOn: today,
  };
}

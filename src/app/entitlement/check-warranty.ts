import type { Actor } from '../../domain/access/index.ts';
import { type WarrantyOverview, warrantyOverview } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { eventAt, loadDecisionFacts } from './decision-facts.ts';

export interface WarrantyCheck extends WarrantyOverview {
  productName: { en: string; zh: string | null };
  checkedOn: string;
}

/**
 * The warranty of one unit the caller may see (a customer: its own), part category by part
 * category, as of today in the terms' own zone (the rule every decision uses for its date).
 */
export async function checkWarranty(deps: AppDeps, actor: Actor, serial: string): Promise<WarrantyCheck> {
  const facts = await loadDecisionFacts(deps.db, actor, { serial: serial.trim() });
  const today = eventAt(facts, deps.now()).date;
  return {
    ...warrantyOverview(facts.agreements, facts.facts, facts.partCategories, today),
    productName: { en: facts.unit.product.name, zh: facts.productNameZh },
    checkedOn: today,
  };
}

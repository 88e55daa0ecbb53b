import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { type DutyLine, partsDutyReport } from '../../domain/parts/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { isStaff } from '../ledger/index.ts';
import { loadAgreements } from '../terms/index.ts';

export function requireStaffReader(actor: Actor): void {
  if (!isStaff(actor)) throw new AppError('forbidden');
}

/**
 * The spare-parts duty report: per product and part, the date until which the customer terms
 * require parts (end of production + `spare_parts.available_for`), and the risks before it: no
 * stock anywhere, no supply agreement in force, a supply agreement that ends before the duty.
 */
export async function partsDuty(
  deps: AppDeps,
  actor: Actor,
): Promise<{ asOf: string; items: DutyLine[]; atRisk: number }> {
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  requireStaffReader(actor);
  const products = await deps.db
    .selectFrom('products')
    .select(['product_id', 'model', 'end_of_production'])
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('model')
    .execute();
  const bill = await deps.db
    .selectFrom('product_parts')
    .select(['product_id', 'part_number', 'part_category', 'name'])
    .where('tenant_id', '=', actor.tenantId)
    .execute();
  const stockRows = await deps.db
    .selectFrom('stock_levels')
    .select(['part_number', sql<number>`sum(on_hand)::int`.as('on_hand')])
    .where('tenant_id', '=', actor.tenantId)
    .groupBy('part_number')
    .execute();
  const asOf = localDate(deps.now(), zone);
  const items = partsDutyReport(
    products.map((p) => ({
      model: p.model,
      endOfProduction: p.end_of_production,
      parts: bill
        .filter((b) => b.product_id === p.product_id)
        .map((b) => ({ partNumber: b.part_number, partCategory: b.part_category, name: b.name })),
    })),
    await loadAgreements(deps.db, actor.tenantId),
    new Map(stockRows.map((s) => [s.part_number, Number(s.on_hand)])),
    asOf,
  );
  return { asOf, items, atRisk: items.filter((i) => i.risks.length > 0).length };
}

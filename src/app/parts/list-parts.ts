import type { Actor } from '../../domain/access/access.ts';
import { formatMinor } from '../../domain/ledger/money.ts';
import type { AppDeps } from '../context.ts';
import { partyKeys } from '../ledger/operations-support.ts';

export interface PartView {
  partNumber: string;
  partCategory: string;
  name: string;
  nameZh: string | null;
  unitCostMinor: number;
  unitCost: string;
  currency: string;
  supplier: { key: string; name: string } | null;
  leadTimeDays: number;
  /** Which products use it, and how many per unit. */
  usedIn: { model: string; quantity: number }[];
}

/** The parts catalogue with the products that use each part. Readable by every signed-in user. */
export async function listParts(
  deps: AppDeps,
  actor: Actor,
  filter: { product?: string | undefined } = {},
): Promise<{ items: PartView[] }> {
  const parts = await deps.db
    .selectFrom('spare_parts')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('part_number')
    .execute();
  const uses = await deps.db
    .selectFrom('product_parts')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'product_parts.tenant_id')
        .onRef('products.product_id', '=', 'product_parts.product_id'),
    )
    .select(['product_parts.part_number', 'products.model', 'product_parts.quantity'])
    .where('product_parts.tenant_id', '=', actor.tenantId)
    .orderBy('products.model')
    .execute();
  const suppliers = await partyKeys(
    deps.db,
    actor.tenantId,
    parts.map((p) => p.supplier_party_id),
  );
  const items = parts.map((p) => ({
    partNumber: p.part_number,
    partCategory: p.part_category,
    name: p.name,
    nameZh: p.name_zh,
    unitCostMinor: p.unit_cost_minor,
    unitCost: formatMinor(p.unit_cost_minor, p.currency),
    currency: p.currency,
    supplier: p.supplier_party_id ? (suppliers.get(p.supplier_party_id) ?? null) : null,
    leadTimeDays: p.lead_time_days,
    usedIn: uses
      .filter((u) => u.part_number === p.part_number)
      .map((u) => ({ model: u.model, quantity: u.quantity })),
  }));
  return {
    items: filter.product ? items.filter((i) => i.usedIn.some((u) => u.model === filter.product)) : items,
  };
}

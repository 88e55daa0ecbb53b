import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { AppDeps } from '../context.ts';
import { partyKeys } from '../ledger/index.ts';
import { visibleUnits } from '../unit/index.ts';

/** What anyone who may see a part reads of it. */
export interface PartSummary {
  partNumber: string;
  partCategory: string;
  name: string;
  nameZh: string | null;
  /** Which products use it, and how many per unit (only the products the reader may see). */
  usedIn: { model: string; quantity: number }[];
  /** Days the brand needs to get it: for those who plan repairs (staff and partners). */
  leadTimeDays?: number;
}

/** The whole catalogue entry, with what the part costs the brand and who supplies it: staff only. */
export interface PartView extends PartSummary {
  unitCostMinor: number;
  unitCost: string;
  currency: string;
  supplier: { key: string; name: string } | null;
  leadTimeDays: number;
}

/**
 * The parts catalogue with the products that use each part. The brand's staff read all of it;
 * what a part costs the brand and who supplies it are the brand's commercial secrets, so another
 * party reads only the parts of the products of the units it sees (a partner those it services
 * or sells, a customer its own), without cost or supplier, and a customer without lead times.
 */
export async function listParts(
  deps: AppDeps,
  actor: Actor,
  filter: { product?: string | undefined } = {},
): Promise<{ items: PartSummary[] }> {
  if (visibilityOf(actor).kind === 'tenant') return listCatalogue(deps, actor, filter);
  const products = visibleUnits(deps.db, actor).select('units.product_id').distinct();
  const uses = await deps.db
    .selectFrom('product_parts')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'product_parts.tenant_id')
        .onRef('products.product_id', '=', 'product_parts.product_id'),
    )
    .select(['product_parts.part_number', 'products.model', 'product_parts.quantity'])
    .where('product_parts.tenant_id', '=', actor.tenantId)
    .where('product_parts.product_id', 'in', products)
    .orderBy('products.model')
    .execute();
  const wanted = filter.product ? uses.filter((u) => u.model === filter.product) : uses;
  const numbers = [...new Set(wanted.map((u) => u.part_number))];
  if (numbers.length === 0) return { items: [] };
  const parts = await deps.db
    .selectFrom('spare_parts')
    .select(['part_number', 'part_category', 'name', 'name_zh', 'lead_time_days'])
    .where('tenant_id', '=', actor.tenantId)
    .where('part_number', 'in', numbers)
    .orderBy('part_number')
    .execute();
  const planner = actor.role !== 'customer';
  return {
    items: parts.map((p) => ({
      partNumber: p.part_number,
      partCategory: p.part_category,
      name: p.name,
      nameZh: p.name_zh,
      usedIn: uses
        .filter((u) => u.part_number === p.part_number)
        .map((u) => ({ model: u.model, quantity: u.quantity })),
      ...(planner ? { leadTimeDays: p.lead_time_days } : {}),
    })),
  };
}

/** The full catalogue, costs and suppliers included, as the brand's staff read it. */
export async function listCatalogue(
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

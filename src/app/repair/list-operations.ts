import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { loadVisibleRepair } from './repair-view.ts';

export interface OperationView {
  operation: string;
  name: string;
  nameZh: string | null;
  partCategory: string | null;
  minutes: number;
}

/**
 * The operations of the repaired unit's model with their standard times: what labor may be
 * recorded against (record-labor refuses any other), for the technician to pick by name.
 */
export async function listRepairOperations(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
): Promise<{ items: OperationView[] }> {
  const r = await loadVisibleRepair(deps.db, actor, repairId);
  const rows = await deps.db
    .selectFrom('standard_times')
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'standard_times.tenant_id')
        .onRef('products.model', '=', 'standard_times.product_model'),
    )
    .innerJoin('units', (j) =>
      j
        .onRef('units.tenant_id', '=', 'products.tenant_id')
        .onRef('units.product_id', '=', 'products.product_id'),
    )
    .select([
      'standard_times.operation',
      'standard_times.name',
      'standard_times.name_zh',
      'standard_times.part_category',
      'standard_times.minutes',
    ])
    .where('standard_times.tenant_id', '=', actor.tenantId)
    .where('units.tenant_id', '=', actor.tenantId)
    .where('units.unit_id', '=', r.unit_id)
    .orderBy('standard_times.operation')
    .execute();
  return {
    items: rows.map((s) => ({
      operation: s.operation,
      name: s.name,
      nameZh: s.name_zh,
      partCategory: s.part_category,
      minutes: s.minutes,
    })),
  };
}

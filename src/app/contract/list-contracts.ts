import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import {
  type ContractView,
  loadVisibleContract,
  toContractViews,
  visibleContracts,
} from './contract-view.ts';

/**
 * The contracts the actor sees, of one unit (by serial, `unit_contracts_by_unit`) or all of them,
 * newest start first, at most `limit`.
 */
export async function listContracts(
  deps: AppDeps,
  actor: Actor,
  filter: { serial?: string | undefined; limit: number },
): Promise<{ items: ContractView[] }> {
  let q = visibleContracts(deps.db, actor).selectAll('unit_contracts').select('units.serial');
  if (filter.serial) q = q.where('units.serial', '=', filter.serial.trim());
  const rows = await q.orderBy('unit_contracts.starts_on', 'desc').limit(filter.limit).execute();
  return { items: await toContractViews(deps.db, actor.tenantId, rows) };
}

export async function showContract(deps: AppDeps, actor: Actor, contractId: string): Promise<ContractView> {
  const row = await loadVisibleContract(deps.db, actor, contractId);
  return (await toContractViews(deps.db, actor.tenantId, [row]))[0]!;
}

import type { Actor } from '../../domain/access/access.ts';
import type { AppDeps } from '../context.ts';
import { applyRepairDiagnosis } from './apply-diagnosis.ts';
import {
  loadVisibleRepair,
  type RepairView,
  requireOpen,
  requireRepairWriter,
  toRepairView,
} from './repair-view.ts';

/** What failed and why: the case's entitlement decided again, the repeat-failure rule applied. */
export async function diagnoseRepair(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  diagnosis: { partCategory: string; cause: string; note?: string | undefined },
): Promise<RepairView> {
  const r = await loadVisibleRepair(deps.db, actor, repairId);
  requireRepairWriter(actor, r.service_party_id);
  requireOpen(r);
  await applyRepairDiagnosis(deps, actor, r, diagnosis);
  return toRepairView(deps.db, actor, repairId);
}

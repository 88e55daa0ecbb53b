import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { applyRepairDiagnosis } from './apply-diagnosis.ts';
import { loadOpenRepairToChange, type RepairView, toRepairView } from './repair-view.ts';

/** What failed and why: the case's entitlement decided again, the repeat-failure rule applied. */
export async function diagnoseRepair(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  diagnosis: { partCategory: string; cause: string; note?: string | undefined },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  await applyRepairDiagnosis(deps, actor, r, diagnosis);
  return toRepairView(deps.db, actor, repairId);
}

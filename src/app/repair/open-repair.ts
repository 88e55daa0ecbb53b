import type { Actor } from '../../domain/access/index.ts';
import { loadVisibleCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { nextNumber } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { applyRepairDiagnosis } from './apply-diagnosis.ts';
import { type RepairView, requireRepairWriter, toRepairView } from './repair-view.ts';

/** Opens a repair order on a case about a unit; with a diagnosis, the entitlement is decided again. */
export async function openRepair(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { diagnosis?: { partCategory: string; cause: string; note?: string | undefined } | undefined },
): Promise<RepairView> {
  const c = await loadVisibleCase(deps.db, actor, caseId);
  requireRepairWriter(actor, c.service_party_id);
  if (!c.unit_id) throw invalid([{ path: '/params/id', message: 'a repair needs a case about a unit' }]);
  const repairId = deps.newId();
  const now = deps.now();
  const number = await inTransaction(deps, async (trx) => {
    const n = await nextNumber(trx, actor.tenantId, 'repair', 'RO');
    await trx
      .insertInto('repairs')
      .values({
        tenant_id: actor.tenantId,
        repair_id: repairId,
        number: n,
        case_id: caseId,
        unit_id: c.unit_id!,
        service_party_id: c.service_party_id,
        state: 'open',
        part_category: null,
        cause: null,
        decision: c.decision ? JSON.stringify(c.decision) : null,
        repeat: null,
        result: null,
        result_note: null,
        opened_at: now,
        completed_at: null,
        updated_at: now,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.opened',
      subject: { type: 'case', id: caseId },
      payload: { repair: n },
    });
    return n;
  });
  if (input.diagnosis) {
    await applyRepairDiagnosis(
      deps,
      actor,
      { repair_id: repairId, number, case_id: caseId, unit_id: c.unit_id, opened_at: now },
      input.diagnosis,
    );
  }
  return toRepairView(deps.db, actor, repairId);
}

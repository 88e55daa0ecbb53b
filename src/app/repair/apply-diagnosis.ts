import type { Actor } from '../../domain/access/access.ts';
import { decideRepeatFailure, type RepeatFinding } from '../../domain/repair/repeat.ts';
import { governingAgreement } from '../../domain/terms/decide.ts';
import { raiseEscalation } from '../case/raise-escalation.ts';
import { recordDiagnosis } from '../case/record-diagnosis.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/record-change.ts';
import { localDate } from '../ledger/operations-support.ts';
import { loadAgreements } from '../terms/agreement-store.ts';
import { unitFactsOf } from '../terms/decide-entitlement.ts';
import { inTransaction } from '../transaction.ts';
import { toUnitViews } from '../unit/unit-view.ts';

/**
 * A repair's diagnosis: the case's entitlement is decided again (recorded on the case, as any
 * diagnosis is), then the repair takes that decision and the repeat-failure finding for the unit;
 * a repeat that meets an escalation rule of the terms raises it on the case.
 */
export async function applyRepairDiagnosis(
  deps: AppDeps,
  actor: Actor,
  repair: { repair_id: string; number: string; case_id: string; unit_id: string; opened_at: Date },
  diagnosis: { partCategory: string; cause: string; note?: string | undefined },
): Promise<RepeatFinding> {
  const caseView = await recordDiagnosis(deps, actor, repair.case_id, diagnosis);
  const t = actor.tenantId;
  const unitRow = await deps.db
    .selectFrom('units')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('unit_id', '=', repair.unit_id)
    .executeTakeFirstOrThrow();
  const [unitView] = await toUnitViews(deps.db, t, [unitRow]);
  const openedOn = localDate(repair.opened_at);
  const warranty = governingAgreement(await loadAgreements(deps.db, t), unitFactsOf(unitView!), openedOn);
  const prior = await deps.db
    .selectFrom('repairs')
    .select(['opened_at', 'part_category'])
    .where('tenant_id', '=', t)
    .where('unit_id', '=', repair.unit_id)
    .where('repair_id', '!=', repair.repair_id)
    .where('state', '!=', 'cancelled')
    .where('opened_at', '<=', repair.opened_at)
    .execute();
  const finding = decideRepeatFailure(
    warranty,
    diagnosis.partCategory,
    openedOn,
    prior.map((p) => ({ openedOn: localDate(p.opened_at), partCategory: p.part_category })),
  );
  const caseNumber = caseView.number;
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('repairs')
      .set({
        part_category: diagnosis.partCategory,
        cause: diagnosis.cause,
        decision: JSON.stringify(caseView.decision),
        repeat: JSON.stringify(finding),
        updated_at: deps.now(),
      })
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repair.repair_id)
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.diagnosed',
      subject: { type: 'case', id: repair.case_id },
      payload: { repair: repair.number, diagnosis, repeat: finding },
    });
    if (finding.escalation && warranty) {
      await raiseEscalation(deps, trx, actor, {
        caseId: repair.case_id,
        caseNumber,
        agreement: { id: warranty.id, version: warranty.version, ref: warranty.escalation?.ref ?? null },
        rule: finding.escalation.rule,
        trigger: {
          repeat_failures: finding.escalation.rule.when.repeat_failures!,
          ...(finding.escalation.rule.when.within ? { within: finding.escalation.rule.when.within } : {}),
        },
      });
    }
  });
  return finding;
}

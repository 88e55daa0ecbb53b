import type { Actor } from '../../domain/access/index.ts';
import { decideRepeatFailure, type RepeatFinding } from '../../domain/repair/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { raiseEscalation, recordDiagnosis } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { eventAt, loadDecisionFacts } from '../entitlement/index.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';

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
  return inTransaction(deps, async (trx) => {
    const d: AppDeps = { ...deps, db: trx };
    const caseView = await recordDiagnosis(d, actor, repair.case_id, diagnosis, trx);
    const t = actor.tenantId;
    // The repair runs on the decision as stored, not as this actor is shown it (a partner is not
    // shown the supplier recovery, which the brand's claim and recovery work need).
    const { decision } = await trx
      .selectFrom('cases')
      .select('decision')
      .where('tenant_id', '=', t)
      .where('case_id', '=', repair.case_id)
      .executeTakeFirstOrThrow();
    const facts = await loadDecisionFacts(trx, actor, { unitId: repair.unit_id }, 'authorized');
    const event = eventAt(facts, repair.opened_at);
    const warranty = event.governing;
    const prior = await trx
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
      event.date,
      prior.map((p) => ({ openedOn: localDateIn(p.opened_at, event.zone), partCategory: p.part_category })),
    );
    const caseNumber = caseView.number;
    await trx
      .updateTable('repairs')
      .set({
        part_category: diagnosis.partCategory,
        cause: diagnosis.cause,
        decision: decision === null ? null : JSON.stringify(decision),
        repeat: JSON.stringify(finding),
        updated_at: deps.now(),
      })
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repair.repair_id)
      .execute();
    await recordChange(d, trx, actor, {
      type: 'repair.diagnosed',
      subject: { type: 'case', id: repair.case_id },
      payload: { repair: repair.number, diagnosis, repeat: finding },
    });
    if (finding.escalation && warranty) {
      await raiseEscalation(d, trx, actor, {
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
    return finding;
  });
}

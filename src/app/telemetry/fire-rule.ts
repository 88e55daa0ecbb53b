import { sql } from 'kysely';
import type { Firing } from '../../domain/telemetry/index.ts';
import { openCase } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { monitorActor } from './monitor-actor.ts';
import { readingWindow } from './reading-window.ts';

export interface RuleOutcome {
  rule: string;
  /** `opened` a case, `updated` the open one, or `damped`: fired again too soon, counted only. */
  action: 'opened' | 'updated' | 'damped';
  caseId: string;
  caseNumber: string;
}

/**
 * One firing of a rule for a unit: the unit's open case for this rule is updated (an anomaly
 * entry with the reading window and its hash), or, when there is none open, a case is opened
 * through the open-case use case (its entitlement decided for the suspected part, its clocks
 * started) with the anomaly recorded on it. A rule that fires again within the model's damping
 * time is only counted. One firing per unit and rule at a time (an advisory lock).
 */
export async function fireRule(
  deps: AppDeps,
  unit: { tenantId: string; unitId: string; serial: string; model?: { dampSeconds: number } | undefined },
  firing: Firing,
): Promise<RuleOutcome> {
  return inTransaction(deps, async (trx) => {
    const d = { ...deps, db: trx };
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${unit.tenantId}/${unit.unitId}/${firing.rule}`}, 0))`.execute(
      trx,
    );
    const now = deps.now();
    const current = await trx
      .selectFrom('telemetry_rule_cases as rc')
      .innerJoin('cases', (j) =>
        j.onRef('cases.tenant_id', '=', 'rc.tenant_id').onRef('cases.case_id', '=', 'rc.case_id'),
      )
      .select(['rc.case_id', 'rc.last_recorded_at', 'cases.state', 'cases.number'])
      .where('rc.tenant_id', '=', unit.tenantId)
      .where('rc.unit_id', '=', unit.unitId)
      .where('rc.rule', '=', firing.rule)
      .executeTakeFirst();
    const window = readingWindow(firing.readings, firing.alarms);
    const anomaly = (caseId: string, action: 'opened' | 'updated') => ({
      type: 'telemetry.anomaly' as const,
      subject: { type: 'case' as const, id: caseId },
      payload: {
        serial: unit.serial,
        rule: firing.rule,
        kind: firing.kind,
        action,
        name: firing.name,
        finding: firing.finding,
        severity: firing.severity,
        suspectedPart: firing.partCategory,
        at: firing.at.toISOString(),
        window,
      },
    });
    const author = { tenantId: unit.tenantId, userId: null, authenticatedBy: 'system' as const };
    if (current && current.state !== 'resolved' && current.state !== 'closed') {
      const damp = (unit.model?.dampSeconds ?? 900) * 1000;
      const quiet = now.getTime() - current.last_recorded_at.getTime() < damp;
      await trx
        .updateTable('telemetry_rule_cases')
        .set((eb) => ({
          last_fired_at: now,
          fired: eb('fired', '+', 1),
          ...(quiet ? { damped: eb('damped', '+', 1) } : { last_recorded_at: now }),
        }))
        .where('tenant_id', '=', unit.tenantId)
        .where('unit_id', '=', unit.unitId)
        .where('rule', '=', firing.rule)
        .execute();
      if (!quiet) {
        await recordChange(d, trx, author, anomaly(current.case_id, 'updated'));
        await trx
          .updateTable('cases')
          .set({ updated_at: now })
          .where('tenant_id', '=', unit.tenantId)
          .where('case_id', '=', current.case_id)
          .execute();
      }
      return {
        rule: firing.rule,
        action: quiet ? 'damped' : 'updated',
        caseId: current.case_id,
        caseNumber: current.number,
      };
    }
    const actor = await monitorActor(trx, unit.tenantId, deps.newId, now);
    const opened = await openCase(
      d,
      actor,
      {
        kind: 'repair',
        severity: firing.severity,
        serial: unit.serial,
        description: `${firing.name.en}: ${firing.finding.en}\n${firing.name.zh}：${firing.finding.zh}`,
        channel: 'telemetry',
        failure: firing.partCategory ? { partCategory: firing.partCategory, cause: firing.cause } : undefined,
      },
      trx,
    );
    await recordChange(d, trx, author, anomaly(opened.id, 'opened'));
    await trx
      .insertInto('telemetry_rule_cases')
      .values({
        tenant_id: unit.tenantId,
        unit_id: unit.unitId,
        rule: firing.rule,
        case_id: opened.id,
        opened_at: now,
        last_fired_at: now,
        last_recorded_at: now,
        fired: 1,
        damped: 0,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'unit_id', 'rule']).doUpdateSet((eb) => ({
          case_id: eb.ref('excluded.case_id'),
          opened_at: eb.ref('excluded.opened_at'),
          last_fired_at: eb.ref('excluded.last_fired_at'),
          last_recorded_at: eb.ref('excluded.last_recorded_at'),
          fired: 1,
          damped: 0,
        })),
      )
      .execute();
    return { rule: firing.rule, action: 'opened', caseId: opened.id, caseNumber: opened.number };
  });
}

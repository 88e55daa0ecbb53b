import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/access.ts';
import { triggeredRules } from '../../domain/case/escalation.ts';
import type { Agreement } from '../../domain/terms/agreement.ts';
import { duration, fixedSeconds } from '../../domain/time/duration.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { raiseEscalation } from './raise-escalation.ts';

/** Cases that count as a failure of the unit for repeat and batch rules. */
const FAILURE_KINDS = ['repair', 'field_visit', 'complaint'] as const;

/** The instant a period before `now`: months and years by the calendar, the rest exactly. */
export function periodStart(now: Date, period: string): Date {
  const d = duration(period);
  const start = new Date(now.getTime());
  start.setUTCMonth(start.getUTCMonth() - d.months - d.years * 12);
  return new Date(start.getTime() - fixedSeconds(d) * 1000);
}

export type OpeningTrigger = ReturnType<typeof triggeredRules>[number];

/**
 * Weighs the rules of the terms that a new case sets off (safety, threats, repeat failures on
 * the unit, the product's batch failure rate), counting this case with the earlier ones. Done
 * before the opening transaction, so its reads hold no lock.
 */
export async function weighOpeningTriggers(
  deps: AppDeps,
  actor: Actor,
  agreement: Agreement,
  opened: { kind: string; unitId: string | null; product: string | null; unitSoldOn: string | null },
  flags: { safetyIssue: boolean; threats: string[] },
): Promise<OpeningTrigger[]> {
  const trx = deps.db;
  const rules = agreement.escalation?.rules ?? [];
  if (rules.length === 0) return [];
  const thisOne = (FAILURE_KINDS as readonly string[]).includes(opened.kind) ? 1 : 0;
  const now = deps.now();
  const repeat = new Map<string, number>();
  const batch = new Map<string, number>();
  for (const rule of rules) {
    const w = rule.when;
    if (w.repeat_failures !== undefined && w.within && opened.unitId && !repeat.has(w.within)) {
      const row = await trx
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', opened.unitId)
        .where('kind', 'in', FAILURE_KINDS)
        .where('opened_at', '>=', periodStart(now, w.within))
        .executeTakeFirstOrThrow();
      repeat.set(w.within, Number(row.n) + thisOne);
    }
    if (w.batch_failure_rate !== undefined && w.window && opened.product && !batch.has(w.window)) {
      const since = periodStart(now, w.window);
      const sinceDate = since.toISOString().slice(0, 10);
      const units = await trx
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', actor.tenantId)
        .where('product_id', '=', opened.product)
        .where('sold_on', '>=', sinceDate)
        .executeTakeFirstOrThrow();
      const failures = await trx
        .selectFrom('cases')
        .innerJoin('units', (j) =>
          j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cases.tenant_id', '=', actor.tenantId)
        .where('units.product_id', '=', opened.product)
        .where('units.sold_on', '>=', sinceDate)
        .where('cases.kind', 'in', FAILURE_KINDS)
        .where('cases.opened_at', '>=', since)
        .executeTakeFirstOrThrow();
      const ours = thisOne && opened.unitSoldOn !== null && opened.unitSoldOn >= sinceDate ? 1 : 0;
      batch.set(w.window, Number(units.n) === 0 ? 0 : (Number(failures.n) + ours) / Number(units.n));
    }
  }
  const isFailure = thisOne === 1;
  return triggeredRules(rules, {
    safetyIssue: flags.safetyIssue,
    threats: flags.threats,
    repeatFailures: (within) => (isFailure ? (repeat.get(within) ?? 0) : 0),
    batchFailureRate: (window) => (isFailure ? (batch.get(window) ?? 0) : 0),
  });
}

/** Raises, in the opening transaction, what the weighed rules say. */
export async function escalateOnOpening(
  deps: AppDeps,
  trx: Kysely<Database>,
  actor: Actor,
  agreement: Agreement,
  opened: { caseId: string; number: string },
  raised: readonly OpeningTrigger[],
): Promise<void> {
  for (const { rule, trigger } of raised) {
    await raiseEscalation(deps, trx, actor, {
      caseId: opened.caseId,
      caseNumber: opened.number,
      agreement: { id: agreement.id, version: agreement.version, ref: agreement.escalation?.ref ?? null },
      rule,
      trigger,
    });
  }
}

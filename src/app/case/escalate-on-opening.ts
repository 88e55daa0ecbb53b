import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { triggeredRules } from '../../domain/case/index.ts';
import { canonicalJson } from '../../domain/evidence/index.ts';
import type { Agreement } from '../../domain/terms/index.ts';
import { duration, fixedSeconds } from '../../domain/time/index.ts';
import type { AppDeps } from '../context.ts';
import { type EscalationWrites, escalationWrites } from './raise-escalation.ts';

/**
 * Cases that count as a failure of the unit for repeat and batch rules: of these kinds, and,
 * for the earlier ones, confirmed by a diagnosis (a request alone is not a failure: a second call
 * about a unit nobody has looked at yet is not a repeat failure). The new case counts as the
 * failure it reports. Migration 0044's `batch_daily` triggers name the same kinds.
 */
export const FAILURE_KINDS = ['repair', 'field_visit', 'complaint'] as const;

/** The instant a period before `now`: months and years by the calendar, the rest exactly. */
export function periodStart(now: Date, period: string): Date {
  const d = duration(period);
  const start = new Date(now.getTime());
  start.setUTCMonth(start.getUTCMonth() - d.months - d.years * 12);
  return new Date(start.getTime() - fixedSeconds(d) * 1000);
}

/** The rules' default period when they name none, as the escalation engine reads them. */
const DEFAULT_WITHIN = 'P30D';

function tallyKey(kind: 'complaint' | 'return', by: string, within: string | undefined): string {
  return `${kind} ${by} ${within ?? DEFAULT_WITHIN}`;
}

function parseTally(key: string): { kind: 'complaint' | 'return'; by: string; within: string } {
  const [kind, by, within] = key.split(' ') as ['complaint' | 'return', string, string];
  return { kind, by, within };
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
  opened: {
    kind: string;
    unitId: string | null;
    product: string | null;
    unitSoldOn: string | null;
    customerPartyId: string;
    sellerPartyId: string | null;
  },
  flags: { safetyIssue: boolean; threats: string[] },
): Promise<OpeningTrigger[]> {
  const db = deps.db;
  const rules = agreement.escalation?.rules ?? [];
  if (rules.length === 0) return [];
  const thisOne = (FAILURE_KINDS as readonly string[]).includes(opened.kind) ? 1 : 0;
  const now = deps.now();
  // The periods the rules name, each counted once, all in one statement.
  const withins = new Set<string>();
  const windows = new Set<string>();
  // Complaints and returns of the management set: cases of that kind opened by this customer or
  // on units this distributor sold, within the rule's period (each counted through its index).
  const tallies = new Set<string>();
  for (const rule of rules) {
    const w = rule.when;
    if (w.repeat_failures !== undefined && w.within && opened.unitId) withins.add(w.within);
    if (w.batch_failure_rate !== undefined && w.window && opened.product) windows.add(w.window);
    if (w.complaints !== undefined) tallies.add(tallyKey('complaint', w.by ?? 'customer', w.within));
    if (w.returns_over !== undefined) tallies.add(tallyKey('return', w.by ?? 'distributor', w.within));
  }
  const repeat = new Map<string, number>();
  const tally = new Map<string, number>();
  const batch = new Map<string, number>();
  const whose = (by: string) =>
    by === 'customer' ? opened.customerPartyId : by === 'distributor' ? opened.sellerPartyId : null;
  const talliesAsked = [...tallies].map(parseTally).filter((t) => whose(t.by) !== null);
  if (withins.size + windows.size + talliesAsked.length > 0) {
    const unitId = opened.unitId;
    const product = opened.product;
    const counts = await db
      .selectNoFrom((eb) => [
        ...[...withins].map((within, i) =>
          eb
            .selectFrom('cases')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', actor.tenantId)
            .where('unit_id', '=', unitId!)
            .where('failure_confirmed_at', 'is not', null)
            .where('merged_into_case_id', 'is', null)
            .where('kind', 'in', FAILURE_KINDS)
            .where('opened_at', '>=', periodStart(now, within))
            .as(`r${i}`),
        ),
        // The batch of a window: the units of the product sold on or after the window's first
        // day, and their confirmed failures, from `batch_daily` (one row per sale day, kept by
        // triggers: migration 0044), never per unit or per case. It counts every confirmed failure
        // of a unit of the batch, opened before the window's start instant or not (see 0044).
        ...[...windows].flatMap((window, i) => {
          const sinceDate = periodStart(now, window).toISOString().slice(0, 10);
          const batchSum = (column: 'units' | 'failures') =>
            eb
              .selectFrom('batch_daily')
              .select((e) => e.fn.coalesce(e.fn.sum<number>(column), sql<number>`0`).as('n'))
              .where('tenant_id', '=', actor.tenantId)
              .where('product_id', '=', product!)
              .where('sold_on', '>=', sinceDate);
          return [batchSum('units').as(`u${i}`), batchSum('failures').as(`f${i}`)];
        }),
        ...talliesAsked.map((t, i) =>
          eb
            .selectFrom('cases')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('tenant_id', '=', actor.tenantId)
            .where(t.by === 'customer' ? 'customer_party_id' : 'seller_party_id', '=', whose(t.by)!)
            .where('kind', '=', t.kind)
            .where('merged_into_case_id', 'is', null)
            .where('opened_at', '>=', periodStart(now, t.within))
            .as(`t${i}`),
        ),
      ])
      .executeTakeFirstOrThrow();
    const count = (alias: string) => Number((counts as Record<string, unknown>)[alias] ?? 0);
    [...withins].forEach((within, i) => {
      repeat.set(within, count(`r${i}`) + thisOne);
    });
    talliesAsked.forEach((t, i) => {
      tally.set(tallyKey(t.kind, t.by, t.within), count(`t${i}`) + (opened.kind === t.kind ? 1 : 0));
    });
    [...windows].forEach((window, i) => {
      const sinceDate = periodStart(now, window).toISOString().slice(0, 10);
      const units = count(`u${i}`);
      const ours = thisOne && opened.unitSoldOn !== null && opened.unitSoldOn >= sinceDate ? 1 : 0;
      batch.set(window, units === 0 ? 0 : (count(`f${i}`) + ours) / units);
    });
  }
  const isFailure = thisOne === 1;
  return triggeredRules(rules, {
    safetyIssue: flags.safetyIssue,
    threats: flags.threats,
    repeatFailures: (within) => (isFailure ? (repeat.get(within) ?? 0) : 0),
    batchFailureRate: (window) => (isFailure ? (batch.get(window) ?? 0) : 0),
    complaints: (by, within) => tally.get(tallyKey('complaint', by, within)) ?? 0,
    returns: (by, within) => tally.get(tallyKey('return', by, within)) ?? 0,
  });
}

/**
 * What the weighed rules raise when a case opens, made without touching the database, each
 * (level, trigger) once: what the `escalations_once` index would keep of them for a new case,
 * so that the opening can write them all in its one statement. The case number is not known
 * yet: the messages name it by `caseNumber`, which the opening's statement replaces.
 */
export function openingEscalations(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  actor: Actor,
  agreement: Agreement,
  opened: { caseId: string; caseNumber: string },
  raised: readonly OpeningTrigger[],
): EscalationWrites[] {
  const seen = new Set<string>();
  const writes: EscalationWrites[] = [];
  for (const { rule, trigger } of raised) {
    const key = `${rule.level} ${canonicalJson(trigger)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    writes.push(
      escalationWrites(deps, actor, {
        caseId: opened.caseId,
        caseNumber: opened.caseNumber,
        agreement: { id: agreement.id, version: agreement.version, ref: agreement.escalation?.ref ?? null },
        rule,
        trigger,
      }),
    );
  }
  return writes;
}

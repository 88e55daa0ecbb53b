import { sql } from 'kysely';
import { triggeredRules } from '../../domain/case/index.ts';
import type { Agreement, EscalationRule } from '../../domain/terms/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { ChangeAuthor } from '../evidence/index.ts';
import type { Tx } from '../transaction.ts';
import { periodStart } from './escalate-on-opening.ts';
import { raiseEscalation } from './raise-escalation.ts';

/**
 * What happened to a case after its opening that the management triggers weigh: its cost grew,
 * its service partner declined it or missed a commitment target, a defective part from it became
 * overdue, or a payment dispute was recorded. `partner` names the service partner concerned, by
 * party id (declines, overdue parts) and by party key (the `owed_by` of its commitment clocks).
 */
export interface CaseEvent {
  caseId: string;
  partner?: { partyId?: string | null; key?: string | null } | undefined;
  paymentDisputed?: boolean | undefined;
}

/** The conditions weighed after the opening; a rule naming none of them is the opening's or the clocks'. */
const LATER_FACTS = [
  'claim_cost_over',
  'partner_declines',
  'partner_missed',
  'defective_parts_overdue',
  'payment_disputed',
] as const;

const DEFAULT_WITHIN = 'P30D';

/**
 * Weighs the management rules of a case's governing agreement (the one its customer promise
 * clocks run under) against the facts counted now, each through an index: the case's cost in
 * the agreement's currency (`cost_lines_by_case`), the partner's declines within the rule's
 * period (`case_partner_responses_declined`), the commitment targets it missed within the period
 * (`case_clocks_missed_by`), the defective parts it holds past their deadline
 * (`deadline_clocks_overdue_by`), and whether a payment dispute is being recorded. Each rule met
 * is raised once per case (the `escalations_once` index), recorded and mailed in words. Runs in
 * the caller's transaction; answers how many escalations were raised.
 */
export async function weighCaseTriggers(
  deps: Pick<AppDeps, 'now' | 'newId'>,
  trx: Tx,
  author: ChangeAuthor,
  event: CaseEvent,
): Promise<number> {
  const tenantId = author.tenantId;
  const kase = await trx
    .selectFrom('cases')
    .select(['number', 'decision'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', event.caseId)
    .executeTakeFirst();
  if (!kase) return 0;
  const agreement = await governingAgreement(trx, tenantId, event.caseId, kase.decision?.agreement ?? null);
  if (!agreement) return 0;
  const rules = (agreement.escalation?.rules ?? []).filter((r: EscalationRule) =>
    LATER_FACTS.some((k) => r.when[k] !== undefined),
  );
  if (rules.length === 0) return 0;
  const now = deps.now();

  let claimCost = 0;
  if (rules.some((r) => r.when.claim_cost_over !== undefined)) {
    const cost = await trx
      .selectFrom('cost_lines')
      .select((e) => e.fn.coalesce(e.fn.sum<number>('amount_minor'), sql<number>`0`).as('minor'))
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', event.caseId)
      .where('currency', '=', agreement.currency ?? 'CNY')
      .executeTakeFirst();
    claimCost = Number(cost?.minor ?? 0) / 100;
  }
  const partyId = event.partner?.partyId ?? null;
  const partyKey = event.partner?.key ?? null;
  const declines = new Map<string, number>();
  const missed = new Map<string, number>();
  for (const rule of rules) {
    const within = rule.when.within ?? DEFAULT_WITHIN;
    if (rule.when.partner_declines !== undefined && partyId && !declines.has(within)) {
      const n = await trx
        .selectFrom('case_partner_responses')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('party_id', '=', partyId)
        .where('decision', '=', 'declined')
        .where('created_at', '>=', periodStart(now, within))
        .executeTakeFirst();
      declines.set(within, Number(n?.n ?? 0));
    }
    if (rule.when.partner_missed !== undefined && partyKey && !missed.has(within)) {
      const since = Math.floor(periodStart(now, within).getTime() / 1000);
      const n = await trx
        .selectFrom('case_clocks')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('owed_by', '=', partyKey)
        .where('side', '=', 'commitment')
        .where('breach_recorded_at', 'is not', null)
        .where('breach_recorded_at', '>=', since)
        .executeTakeFirst();
      missed.set(within, Number(n?.n ?? 0));
    }
  }
  let overdue = 0;
  if (partyId && rules.some((r) => r.when.defective_parts_overdue !== undefined)) {
    const n = await trx
      .selectFrom('deadline_clocks')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', partyId)
      .where('kind', '=', 'defective_return')
      .where('breached_at', 'is not', null)
      .where('stopped_at', 'is', null)
      .executeTakeFirst();
    overdue = Number(n?.n ?? 0);
  }

  const met = triggeredRules(rules, {
    safetyIssue: false,
    threats: [],
    repeatFailures: () => 0,
    batchFailureRate: () => 0,
    claimCost,
    partnerDeclines: (within) => declines.get(within) ?? 0,
    partnerMissed: (within) => missed.get(within) ?? 0,
    defectivePartsOverdue: overdue,
    paymentDisputed: event.paymentDisputed ?? false,
  });
  let raised = 0;
  for (const { rule, trigger } of met) {
    if (rule.when.partner_declines !== undefined || rule.when.partner_missed !== undefined)
      trigger.within = rule.when.within ?? DEFAULT_WITHIN;
    const ok = await raiseEscalation(deps, trx, author, {
      caseId: event.caseId,
      caseNumber: kase.number,
      agreement: { id: agreement.id, version: agreement.version, ref: agreement.escalation?.ref ?? null },
      rule,
      trigger,
    });
    if (ok) raised++;
  }
  return raised;
}

/**
 * The agreement a case is escalated under, as a hand escalation reads it: its decision's
 * agreement, or, before anything was diagnosed, the one its promise clocks run on.
 */
async function governingAgreement(
  trx: Tx,
  tenantId: string,
  caseId: string,
  decided: { id: string; version: number } | null,
): Promise<Agreement | null> {
  if (decided) {
    const row = await trx
      .selectFrom('agreement_versions')
      .select('content')
      .where('tenant_id', '=', tenantId)
      .where('agreement_key', '=', decided.id)
      .where('version', '=', decided.version)
      .executeTakeFirst();
    return row ? (readJson(row.content) as Agreement) : null;
  }
  const stored = await trx
    .selectFrom('case_clocks as c')
    .innerJoin('agreement_versions as a', (j) =>
      j
        .onRef('a.tenant_id', '=', 'c.tenant_id')
        .onRef('a.agreement_key', '=', 'c.agreement_id')
        .onRef('a.version', '=', 'c.agreement_version'),
    )
    .select('a.content')
    .where('c.tenant_id', '=', tenantId)
    .where('c.case_id', '=', caseId)
    .where('c.side', '=', 'promise')
    .limit(1)
    .executeTakeFirst();
  return stored ? (readJson(stored.content) as Agreement) : null;
}

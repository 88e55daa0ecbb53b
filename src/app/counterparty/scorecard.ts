import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import {
  compareFigures,
  FIGURES,
  type Figures,
  type Period,
  previousPeriod,
  quarterPeriod,
  responseOutcome,
  type ScorecardFacts,
  scorecard,
} from '../../domain/counterparty/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { type Counterparty, counterpartyByKey, periodInstants } from './support.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period asked for: a quarter (`2026Q4`) or two dates; anything else is refused naming the field. */
export function periodOf(
  input: { quarter?: string | undefined; from?: string | undefined; to?: string | undefined },
  at: 'query' | 'body',
): Period {
  if (input.quarter !== undefined) {
    const p = quarterPeriod(input.quarter);
    if (!p) throw invalid([{ path: `/${at}/quarter`, message: 'a quarter such as 2026Q4' }]);
    return p;
  }
  if (!input.from || !DATE.test(input.from))
    throw invalid([{ path: `/${at}/from`, message: 'give a quarter (2026Q4) or from and to (YYYY-MM-DD)' }]);
  if (!input.to || !DATE.test(input.to) || input.to < input.from)
    throw invalid([{ path: `/${at}/to`, message: 'a date (YYYY-MM-DD) on or after from' }]);
  return { from: input.from, to: input.to };
}

/**
 * The facts of one counterparty in one period, each read bounded by the counterparty and the period
 * through an index (named beside each read). Amounts only in the agreement's currency.
 */
export async function scorecardFacts(deps: AppDeps, tenantId: string, cp: Counterparty, p: Period) {
  const db = deps.db;
  const pid = cp.party.party_id;
  const { start, end } = periodInstants(p, cp.termsZone);
  const currency = cp.agreement.currency ?? 'CNY';
  const facts: ScorecardFacts = {
    failures: [],
    responses: [],
    commitments: [],
    claims: 0,
    claimedMinor: 0,
    recoveredMinor: 0,
    noticesSent: 0,
    openDisputes: 0,
  };
  if (cp.side === 'supplier') {
    // cases_failures_opened (tenant, opened_at): the period's failures; unit_parts by its primary key.
    facts.failures = (
      await db
        .selectFrom('cases')
        .innerJoin('unit_parts', (j) =>
          j
            .onRef('unit_parts.tenant_id', '=', 'cases.tenant_id')
            .onRef('unit_parts.unit_id', '=', 'cases.unit_id'),
        )
        .select(['cases.number', 'unit_parts.part_number', 'unit_parts.part_category'])
        .distinct()
        .where('cases.tenant_id', '=', tenantId)
        .where('cases.opened_at', '>=', start)
        .where('cases.opened_at', '<', end)
        .where('cases.failure', 'is not', null)
        .where('cases.merged_into_case_id', 'is', null)
        .where('unit_parts.supplier_party_id', '=', pid)
        .where(sql<boolean>`cases.failure->>'partCategory' = unit_parts.part_category`)
        .orderBy('cases.number')
        .execute()
    ).map((r) => ({ partNumber: r.part_number, partCategory: r.part_category, caseNumber: r.number }));
    // deadline_clocks_by_party (tenant, party, kind, started_at).
    const clocks = await db
      .selectFrom('deadline_clocks')
      .select(['started_at', 'due_at', 'stopped_at', 'breached_at'])
      .where('tenant_id', '=', tenantId)
      .where('party_id', '=', pid)
      .where('kind', '=', 'supplier_response')
      .where('started_at', '>=', start)
      .where('started_at', '<', end)
      .execute();
    const s = (d: Date | string | null) => (d === null ? null : Math.floor(new Date(d).getTime() / 1000));
    facts.responses = clocks.map((c) => {
      const stoppedAt = s(c.stopped_at);
      return {
        outcome: responseOutcome({ dueAt: s(c.due_at)!, stoppedAt, breachedAt: s(c.breached_at) }),
        seconds: stoppedAt === null ? null : stoppedAt - s(c.started_at)!,
      };
    });
    // recovery_claims_by_supplier (tenant, supplier, created_at).
    const rec = await db
      .selectFrom('recovery_claims')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_minor'), sql<string>`0`).as('n'))
      .where('tenant_id', '=', tenantId)
      .where('supplier_party_id', '=', pid)
      .where('currency', '=', currency)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .executeTakeFirst();
    facts.claimedMinor += Number(rec?.n ?? 0);
  } else {
    // case_clocks_commitments_by (tenant, owed_by, started_at) where side = commitment.
    const clocks = await db
      .selectFrom('case_clocks')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('owed_by', '=', cp.party.key)
      .where('side', '=', 'commitment')
      .where('started_at', '>=', Math.floor(start.getTime() / 1000))
      .where('started_at', '<', Math.floor(end.getTime() / 1000))
      .execute();
    facts.commitments = clocks.map((c) => ({
      outcome: c.status === 'met' ? 'met' : c.status === 'breached' ? 'missed' : 'open',
    }));
    // warranty_claims_by_partner_submitted (tenant, partner, submitted_at).
    const claims = await db
      .selectFrom('warranty_claims')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('partner_party_id', '=', pid)
      .where('submitted_at', '>=', start)
      .where('submitted_at', '<', end)
      .executeTakeFirst();
    facts.claims = Number(claims?.n ?? 0);
  }
  // dispute_matters_by_counterparty (tenant, counterparty, opened_at): claimed in the period's matters.
  const matters = await db
    .selectFrom('dispute_matters')
    .select(['stage', 'claimed_minor', 'currency', 'opened_at'])
    .where('tenant_id', '=', tenantId)
    .where('counterparty_party_id', '=', pid)
    .where('opened_at', '<', end)
    .execute();
  for (const m of matters) {
    if (new Date(m.opened_at) >= start && m.currency === currency)
      facts.claimedMinor += Number(m.claimed_minor ?? 0);
    if (m.stage !== 'settled' && m.stage !== 'closed') facts.openDisputes += 1;
  }
  // cost_lines_by_bearer (tenant, bearer, occurred_on): credits and refunds it bore, paid to the brand.
  const recovered = await db
    .selectFrom('cost_lines')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount_minor'), sql<string>`0`).as('n'))
    .where('tenant_id', '=', tenantId)
    .where('bearer_party_id', '=', pid)
    .where('payee_party_id', '=', cp.brandPartyId)
    .where('kind', 'in', ['credit', 'refund'])
    .where('currency', '=', currency)
    .where('occurred_on', '>=', p.from)
    .where('occurred_on', '<=', p.to)
    .executeTakeFirst();
  facts.recoveredMinor = Number(recovered?.n ?? 0);
  // notices_by_party (tenant, to_party, created_at): a notice is sent after it is drawn up.
  const notices = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('to_party_id', '=', pid)
    .where('created_at', '<', end)
    .where('sent_at', '>=', start)
    .where('sent_at', '<', end)
    .executeTakeFirst();
  facts.noticesSent = Number(notices?.n ?? 0);
  return { facts, currency };
}

/** Figures with their words and money formatted, beside the previous period's. */
export function figureRows(current: Figures, previous: Figures, currency: string) {
  return compareFigures(current, previous).map((r) => {
    const money = FIGURES[r.key].money === true;
    const fmt = (n: number | null) => (n === null ? null : money ? formatMinor(n, currency) : String(n));
    return {
      ...r,
      label: FIGURES[r.key].label,
      money,
      currentText: fmt(r.current),
      previousText: fmt(r.previous),
      changeText: r.change === null ? null : `${r.change > 0 ? '+' : ''}${fmt(r.change)}`,
    };
  });
}

/** Both periods' scorecards of a counterparty. */
export async function scorecardPair(deps: AppDeps, tenantId: string, cp: Counterparty, period: Period) {
  const previous = previousPeriod(period);
  const now = await scorecardFacts(deps, tenantId, cp, period);
  const before = await scorecardFacts(deps, tenantId, cp, previous);
  const current = scorecard(now.facts, cp.side);
  const last = scorecard(before.facts, cp.side);
  return { period, previous, currency: now.currency, current, last };
}

/** GET /counterparties/:party/scorecard?quarter=2026Q4 (or from, to): computed now, not saved. */
export async function counterpartyScorecard(
  deps: AppDeps,
  actor: Actor,
  partyKey: string,
  query: { quarter?: string | undefined; from?: string | undefined; to?: string | undefined },
) {
  const cp = await counterpartyByKey(deps, actor, partyKey);
  const period = periodOf(query, 'query');
  const pair = await scorecardPair(deps, actor.tenantId, cp, period);
  return {
    party: cp.view,
    side: cp.side,
    agreement: { id: cp.agreement.id, version: cp.agreement.version, title: cp.agreement.title },
    period,
    previousPeriod: pair.previous,
    currency: pair.currency,
    figures: pair.current.figures,
    previousFigures: pair.last.figures,
    failuresByPart: pair.current.failuresByPart,
    rows: figureRows(pair.current.figures, pair.last.figures, pair.currency),
  };
}

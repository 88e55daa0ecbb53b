import type { Actor } from '../../domain/access/index.ts';
import { backToBackPenalty, serviceCredits } from '../../domain/disputes/index.ts';
import { formatMinor, toMinor } from '../../domain/ledger/index.ts';
import { localDateIn } from '../../domain/terms/index.ts';
import { requireStaffWriter } from '../access.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { type NewCostLine, writeCostLines } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { agreementVersion, homeParty } from './support.ts';

/**
 * The service credits a customer earns for the promises breached on a case (the customer
 * agreement's `credits`, e.g. chiller §4.6: 2% of the annual fee per breach, capped at 20% a year,
 * counting credits already booked to that customer this year), and the back-to-back penalty the
 * partner owes for its own breached commitments if its agreement sets one (FixIt §3 does not: the
 * finding says none is owed). Both booked on the ledger with their clause; once per case.
 */
export async function bookServiceCredits(
  deps: AppDeps,
  actor: Actor,
  caseId: string,
  input: { annualFee: string; currency: string },
) {
  requireStaffWriter(actor);
  const c = await deps.db
    .selectFrom('cases')
    .select(['case_id', 'number', 'customer_party_id', 'service_party_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!c) throw notFound({ en: 'No such case.', zh: '没有该服务单。' });
  let fee: number;
  try {
    fee = toMinor(input.annualFee, input.currency);
  } catch (error) {
    throw invalid([{ path: '/body/annualFee', message: (error as Error).message }]);
  }
  const clocks = await deps.db
    .selectFrom('case_clocks')
    .select([
      'clock_id',
      'side',
      'agreement_id',
      'agreement_version',
      'owed_by',
      'target',
      'due_at',
      'status',
    ])
    .where('tenant_id', '=', actor.tenantId)
    .where('case_id', '=', caseId)
    .execute();
  const promise = clocks.filter((k) => k.side === 'promise');
  const commitment = clocks.filter((k) => k.side === 'commitment');
  if (promise.length === 0)
    throw invalid([{ path: '/params/id', message: 'the case has no promise clocks' }]);
  const breach = (k: (typeof clocks)[number]) => ({
    clockId: k.clock_id,
    target: k.target,
    dueAt: k.due_at === null ? '' : new Date(Number(k.due_at) * 1000).toISOString(),
  });
  const customerAgreement = await agreementVersion(
    deps.db,
    actor.tenantId,
    promise[0]!.agreement_id,
    promise[0]!.agreement_version,
  );
  const now = deps.now();
  const zone = await tenantTermsZone(deps.db, actor.tenantId);
  const today = localDateIn(now, zone);
  const year = today.slice(0, 4);
  const brand = await homeParty(deps.db, actor.tenantId);
  const prior = await deps.db
    .selectFrom('cost_lines')
    .select(['amount_minor', 'case_id'])
    .where('tenant_id', '=', actor.tenantId)
    .where('payee_party_id', '=', c.customer_party_id)
    .where('source_type', '=', 'service_credit')
    .where('occurred_on', '>=', `${year}-01-01`)
    .where('occurred_on', '<=', `${year}-12-31`)
    .execute();
  const alreadyOnCase = prior.some((p) => p.case_id === caseId);
  const already = prior.reduce((s, p) => s + Number(p.amount_minor), 0);
  const credits = serviceCredits(
    customerAgreement,
    fee,
    promise.filter((k) => k.status === 'breached').map(breach),
    already,
  );
  const partnerAgreement = commitment[0]
    ? await agreementVersion(
        deps.db,
        actor.tenantId,
        commitment[0].agreement_id,
        commitment[0].agreement_version,
      )
    : null;
  const penalty = partnerAgreement
    ? backToBackPenalty(partnerAgreement, fee, commitment.filter((k) => k.status === 'breached').map(breach))
    : null;
  const lines: NewCostLine[] = [];
  if (!alreadyOnCase) {
    for (const l of credits.lines) {
      lines.push({
        kind: 'credit',
        amountMinor: l.amountMinor,
        currency: input.currency,
        caseId,
        source: { type: 'service_credit', id: caseId },
        bearerPartyId: brand.party_id,
        payeePartyId: c.customer_party_id,
        ref: credits.ref,
        agreement: { id: customerAgreement.id, version: customerAgreement.version },
        description: `Service credit for the ${l.target} promise missed on ${c.number}`,
        occurredOn: today,
      });
    }
    if (penalty?.owed && partnerAgreement && commitment[0]) {
      const partnerId = c.service_party_id ?? commitment[0].owed_by;
      for (const l of penalty.lines) {
        lines.push({
          kind: 'credit',
          amountMinor: l.amountMinor,
          currency: input.currency,
          caseId,
          source: { type: 'service_penalty', id: caseId },
          bearerPartyId: partnerId,
          payeePartyId: brand.party_id,
          ref: penalty.ref,
          agreement: { id: partnerAgreement.id, version: partnerAgreement.version },
          description: `Back-to-back penalty for the ${l.target} commitment missed on ${c.number}`,
          occurredOn: today,
        });
      }
    }
  }
  const lineIds = await inTransaction(deps, async (trx) => {
    if (lines.length === 0) return [];
    const ids = await writeCostLines(deps, trx, actor, lines);
    await recordChange(deps, trx, actor, {
      type: 'credits.booked',
      subject: { type: 'case', id: caseId },
      payload: { annualFeeMinor: fee, currency: input.currency, credits, penalty, lineIds: ids },
    });
    return ids;
  });
  const fmt = (minor: number) => formatMinor(minor, input.currency);
  return {
    caseId,
    alreadyBooked: alreadyOnCase,
    credits: { ...credits, total: fmt(credits.totalMinor) },
    penalty: penalty ? { ...penalty, total: fmt(penalty.totalMinor) } : null,
    lineIds,
  };
}

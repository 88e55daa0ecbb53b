import type { Actor } from '../../domain/access/index.ts';
import { extendedTerm } from '../../domain/contract/index.ts';
import type { AppDeps } from '../context.ts';
import { loadDecisionFacts } from '../entitlement/index.ts';
import { AppError, notFound } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { type ContractView, loadVisibleContract, toContractViews } from './contract-view.ts';
import { generalCoverLastDay } from './plan-offers.ts';
import { saleChannel, unitForSale, writeContract } from './sell-contract.ts';
import { PLAN_NOT_FOUND } from './support.ts';

/**
 * A plan sold to a unit: by its owner in the portal (channel `portal`), by the brand's agent or
 * by the distributor that sold the unit. It runs from the day after the unit's cover ends, for the
 * plan's term, at the plan's price; only while the warranty runs (409 `plan_not_sellable`).
 * Payment: the price is recorded on the contract; a payment gateway would be called here, before
 * the contract is written, and its reference kept (see README).
 */
export async function buyPlan(
  deps: AppDeps,
  actor: Actor,
  input: { serial: string; plan: string },
): Promise<ContractView> {
  const unit = await unitForSale(deps, actor, input.serial);
  const channel =
    actor.role === 'customer' && unit.owner_party_id === actor.partyId
      ? ('portal' as const)
      : saleChannel(actor, unit.seller_party_id);
  const facts = await loadDecisionFacts(deps.db, actor, { unitId: unit.unit_id });
  const plan = await deps.db
    .selectFrom('service_plans')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('plan_key', '=', input.plan)
    .where('product_model', '=', facts.unit.product.model)
    .executeTakeFirst();
  if (!plan) throw notFound(PLAN_NOT_FOUND);
  const { today, lastDay } = generalCoverLastDay(facts, deps.now());
  const term = extendedTerm({ warrantyLastDay: lastDay, termMonths: plan.term_months, today });
  if ('refused' in term) throw new AppError('plan_not_sellable');
  const id = await inTransaction(deps, (trx) =>
    writeContract(deps, trx, actor, {
      unitId: unit.unit_id,
      serial: unit.serial,
      agreement: plan.agreement_key,
      plan: plan.plan_key,
      startsOn: term.startsOn,
      endsOn: term.endsOn,
      priceMinor: Number(plan.price_minor),
      currency: plan.currency,
      serviceLevel: null,
      channel,
      soldByPartyId: actor.partyId,
      incidents: plan.incidents,
    }),
  );
  const row = await loadVisibleContract(deps.db, actor, id);
  return (await toContractViews(deps.db, actor.tenantId, [row]))[0]!;
}

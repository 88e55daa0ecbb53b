import type { Actor } from '../../domain/access/index.ts';
import { cancellationRefund } from '../../domain/contract/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ContractView, loadVisibleContract, toContractViews } from './contract-view.ts';
import { day, tenantToday } from './support.ts';

/**
 * Cancels a contract today (its cover ends yesterday) with the refund its plan's terms set: the
 * unused days' share when the plan refunds pro rata, nothing when it does not; a contract sold
 * without a plan refunds pro rata. Staff only (the customer asks; the brand decides).
 */
export async function cancelContract(deps: AppDeps, actor: Actor, contractId: string): Promise<ContractView> {
  requireStaffWriter(actor);
  const c = await loadVisibleContract(deps.db, actor, contractId);
  if (c.state !== 'active') throw new AppError('invalid_transition');
  const today = await tenantToday(deps, actor.tenantId);
  const plan = c.plan_key
    ? await deps.db
        .selectFrom('service_plans')
        .select('refund_rule')
        .where('tenant_id', '=', actor.tenantId)
        .where('plan_key', '=', c.plan_key)
        .executeTakeFirst()
    : undefined;
  const rule = plan?.refund_rule ?? 'pro_rata';
  const refund = cancellationRefund(Number(c.price_minor), day(c.starts_on), day(c.ends_on), today, rule);
  await inTransaction(deps, async (trx) => {
    const changed = await trx
      .updateTable('unit_contracts')
      .set({ state: 'cancelled', cancelled_on: today, refund_minor: refund })
      .where('tenant_id', '=', actor.tenantId)
      .where('contract_id', '=', contractId)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new AppError('changed_meanwhile');
    await recordChange(deps, trx, actor, {
      type: 'contract.cancelled',
      subject: { type: 'unit', id: c.unit_id },
      payload: {
        contract: c.number,
        cancelledOn: today,
        refundRule: rule,
        refundMinor: refund,
        currency: c.currency,
      },
    });
  });
  const row = await loadVisibleContract(deps.db, actor, contractId);
  return (await toContractViews(deps.db, actor.tenantId, [row]))[0]!;
}

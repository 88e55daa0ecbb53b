import type { Actor } from '../../domain/access/index.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type PlanView, toPlanView } from './plan-view.ts';

export interface PlanInput {
  key: string;
  agreement: string;
  product: string;
  termMonths: number;
  price: string;
  currency: string;
  incidents?: number | undefined;
  refundRule: 'pro_rata' | 'none';
  name: string;
  nameZh: string;
}

/**
 * An extended-warranty or service plan for sale: the agreement it attaches (sold per unit), the
 * product, the term, the price, how many incidents it covers and its refund on cancellation. A
 * plan's key names one product and term; a new price is a new definition of the same key.
 */
export async function definePlan(deps: AppDeps, actor: Actor, input: PlanInput): Promise<PlanView> {
  requireStaffWriter(actor);
  const agreement = await deps.db
    .selectFrom('agreement_versions')
    .select('content')
    .where('tenant_id', '=', actor.tenantId)
    .where('agreement_key', '=', input.agreement)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!agreement)
    throw invalid([{ path: '/body/agreement', message: `no agreement "${input.agreement}" is imported` }]);
  if (!agreement.content.sold_per_unit) {
    throw invalid([
      {
        path: '/body/agreement',
        message:
          'a plan sells an agreement marked `sold_per_unit: true` (it covers only the units it is sold to)',
      },
    ]);
  }
  const product = await deps.db
    .selectFrom('products')
    .select('model')
    .where('tenant_id', '=', actor.tenantId)
    .where('model', '=', input.product)
    .executeTakeFirst();
  if (!product) throw invalid([{ path: '/body/product', message: `no product "${input.product}"` }]);
  let priceMinor: number;
  try {
    priceMinor = toMinor(input.price, input.currency);
  } catch (error) {
    throw invalid([{ path: '/body/price', message: (error as Error).message }]);
  }
  const row = {
    tenant_id: actor.tenantId,
    plan_key: input.key,
    agreement_key: input.agreement,
    product_model: input.product,
    term_months: input.termMonths,
    price_minor: priceMinor,
    currency: input.currency,
    incidents: input.incidents ?? null,
    refund_rule: input.refundRule,
    name: input.name,
    name_zh: input.nameZh,
    created_at: deps.now(),
  };
  await inTransaction(deps, async (trx) => {
    await trx
      .insertInto('service_plans')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'plan_key']).doUpdateSet({
          agreement_key: row.agreement_key,
          product_model: row.product_model,
          term_months: row.term_months,
          price_minor: row.price_minor,
          currency: row.currency,
          incidents: row.incidents,
          refund_rule: row.refund_rule,
          name: row.name,
          name_zh: row.name_zh,
        }),
      )
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'plan.defined',
      subject: {
        type: 'product',
        id: (
          await trx
            .selectFrom('products')
            .select('product_id')
            .where('tenant_id', '=', actor.tenantId)
            .where('model', '=', input.product)
            .executeTakeFirstOrThrow()
        ).product_id,
      },
      payload: { ...input, priceMinor },
    });
  });
  return toPlanView({ ...row, price_minor: String(priceMinor), created_at: row.created_at });
}

import type { Actor } from '../../domain/access/index.ts';
import { decideRegistration, type ShopDecision } from '../../domain/repair-shop/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { isStaff } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { type ShopView, showShop } from './shop-view.ts';
import { SHOP_NOT_FOUND } from './support.ts';

/**
 * The brand's administrator or manager approves or refuses a pending registration. Approval
 * enables the shop's users (they may sign in from then on); a refusal leaves them disabled. The
 * decision, who made it and why are kept, and put on the evidence record.
 */
export async function decideShop(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: { decision: ShopDecision; reason?: string | undefined },
): Promise<ShopView> {
  if (!isStaff(actor) || !['admin', 'manager'].includes(actor.role)) throw new AppError('forbidden');
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const current = await trx
      .selectFrom('repair_shops')
      .select('status')
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound(SHOP_NOT_FOUND);
    const decided = decideRegistration(current.status, input.decision);
    if ('refused' in decided) {
      throw new AppError('invalid_transition', {
        detail: {
          en: `The registration was ${current.status} already; it is decided once (${decided.rule}).`,
          zh: `该注册已是“${current.status}”状态；每个注册只决定一次（${decided.rule}）。`,
        },
      });
    }
    const reason = input.reason?.trim() || null;
    await trx
      .updateTable('repair_shops')
      .set({
        status: decided.status,
        decided_at: now,
        decided_by_user_id: actor.userId,
        decision_reason: reason,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', '=', id)
      .execute();
    await trx
      .updateTable('users')
      .set({ disabled_at: decided.status === 'approved' ? null : now, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', '=', id)
      .execute();
    await recordChange(deps, trx, actor, {
      type: decided.status === 'approved' ? 'repair_shop.approved' : 'repair_shop.refused',
      subject: { type: 'party', id },
      payload: { status: decided.status, reason, rule: decided.rule },
    });
  });
  return showShop(deps, actor, id);
}

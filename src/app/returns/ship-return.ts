import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, isStaff } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleReturn, type ReturnView, toReturnView } from './return-view.ts';

/** The customer (or staff for them) ships an approved return: carrier and waybill on the record. */
export async function shipReturn(
  deps: AppDeps,
  actor: Actor,
  returnId: string,
  input: { carrier: string; waybill: string },
): Promise<ReturnView> {
  const row = await loadVisibleReturn(deps.db, actor, returnId);
  const own = actor.role === 'customer' && row.customer_party_id === actor.partyId;
  if ((!isStaff(actor) && !own) || actor.role === 'counsel') throw new AppError('forbidden');
  if (row.state !== 'approved') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Only an approved return ships; this one is ${row.state}.`,
        zh: '只有已批准的退货可以发货。',
      },
    });
  }
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('returns')
      .set({
        state: 'shipped',
        carrier: input.carrier,
        waybill: input.waybill,
        shipped_at: now,
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('return_id', '=', returnId)
      .where('state', '=', row.state)
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: 'return.shipped',
      subject: { type: 'case', id: row.case_id },
      payload: { return: row.number, carrier: input.carrier, waybill: input.waybill },
    });
  });
  return toReturnView(deps.db, actor, returnId, now);
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { isStaff } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { listStock, type StockLocationView } from './list-stock.ts';
import {
  issueStock,
  loadPart,
  loadVisibleLocation,
  receiveStock,
  requireStockWriter,
} from './stock-store.ts';

/**
 * Moves units between locations in one transaction: out of one (only what is not reserved), into
 * the other. Staff move between any locations; a partner between the locations its party holds.
 */
export async function transferStock(
  deps: AppDeps,
  actor: Actor,
  input: { from: string; to: string; partNumber: string; quantity: number; note?: string | undefined },
): Promise<{ from: StockLocationView; to: StockLocationView }> {
  if (input.from === input.to)
    throw invalid([{ path: '/body/to', message: 'from and to are the same location' }]);
  const from = await loadVisibleLocation(deps.db, actor, input.from);
  const to = await loadVisibleLocation(deps.db, actor, input.to);
  requireStockWriter(actor, from);
  if (!isStaff(actor)) requireStockWriter(actor, to);
  await loadPart(deps.db, actor.tenantId, input.partNumber);
  const transferId = deps.newId();
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const part = { tenantId: actor.tenantId, partNumber: input.partNumber };
    await issueStock(trx, { ...part, locationId: from.location_id }, input.quantity);
    await receiveStock(trx, { ...part, locationId: to.location_id }, input.quantity);
    const movement = (location: string, kind: 'transfer_out' | 'transfer_in', quantity: number) => ({
      tenant_id: actor.tenantId,
      movement_id: deps.newId(),
      location_id: location,
      part_number: input.partNumber,
      kind,
      quantity,
      repair_id: null,
      transfer_id: transferId,
      note: input.note ?? null,
      occurred_at: now,
      user_id: actor.userId,
    });
    await trx
      .insertInto('stock_movements')
      .values([
        movement(from.location_id, 'transfer_out', -input.quantity),
        movement(to.location_id, 'transfer_in', input.quantity),
      ])
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'stock.transferred',
      subject: { type: 'party', id: to.holder_party_id },
      payload: { transfer: transferId, ...input },
    });
  });
  return {
    from: (await listStock(deps, actor, { location: input.from })).items[0]!,
    to: (await listStock(deps, actor, { location: input.to })).items[0]!,
  };
}

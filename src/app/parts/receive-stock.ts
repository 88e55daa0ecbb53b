import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { listStock, type StockLocationView } from './list-stock.ts';
import { loadPart, loadVisibleLocation, receiveStock, requireStockWriter } from './stock-store.ts';

/** Goods in: units of a part arrive at a location. */
export async function receiveStockAt(
  deps: AppDeps,
  actor: Actor,
  input: { location: string; partNumber: string; quantity: number; note?: string | undefined },
): Promise<StockLocationView> {
  const location = await loadVisibleLocation(deps.db, actor, input.location);
  requireStockWriter(actor, location);
  await loadPart(deps.db, actor.tenantId, input.partNumber);
  await inTransaction(deps, async (trx) => {
    await receiveStock(
      trx,
      { tenantId: actor.tenantId, locationId: location.location_id, partNumber: input.partNumber },
      input.quantity,
    );
    await trx
      .insertInto('stock_movements')
      .values({
        tenant_id: actor.tenantId,
        movement_id: deps.newId(),
        location_id: location.location_id,
        part_number: input.partNumber,
        kind: 'receipt',
        quantity: input.quantity,
        repair_id: null,
        transfer_id: null,
        note: input.note ?? null,
        occurred_at: deps.now(),
        user_id: actor.userId,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'stock.received',
      subject: { type: 'party', id: location.holder_party_id },
      payload: {
        location: input.location,
        partNumber: input.partNumber,
        quantity: input.quantity,
        note: input.note ?? null,
      },
    });
  });
  return (await listStock(deps, actor, { location: input.location })).items[0]!;
}

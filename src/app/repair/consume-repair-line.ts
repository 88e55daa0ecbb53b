import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { consumeStock } from '../parts/index.ts';
import type { Tx } from '../transaction.ts';

/**
 * A reserved part used in the repair leaves stock: the reservation becomes consumption at its
 * location (stock cannot go below zero), the repair's line is settled with the serials out and in,
 * and the movement is kept.
 */
export async function consumeRepairLine(
  deps: Pick<AppDeps, 'newId'>,
  trx: Tx,
  actor: Actor,
  repair: { repair_id: string; number: string },
  line: { line_id: string; location_id: string; part_number: string; quantity: number },
  use: { serialOut?: string | undefined; serialIn?: string | undefined },
  now: Date,
): Promise<void> {
  const t = actor.tenantId;
  await consumeStock(
    trx,
    { tenantId: t, locationId: line.location_id, partNumber: line.part_number },
    line.quantity,
  );
  await trx
    .updateTable('repair_parts')
    .set({
      state: 'consumed',
      settled_at: now,
      serial_out: use.serialOut ?? null,
      serial_in: use.serialIn ?? null,
    })
    .where('tenant_id', '=', t)
    .where('repair_id', '=', repair.repair_id)
    .where('line_id', '=', line.line_id)
    .execute();
  await trx
    .insertInto('stock_movements')
    .values({
      tenant_id: t,
      movement_id: deps.newId(),
      location_id: line.location_id,
      part_number: line.part_number,
      kind: 'consumption',
      quantity: -line.quantity,
      repair_id: repair.repair_id,
      transfer_id: null,
      note: repair.number,
      occurred_at: now,
      user_id: actor.userId,
    })
    .execute();
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { loadPart, loadVisibleLocation, reserveStock } from '../parts/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadOpenRepairToChange, type RepairView, toRepairView } from './repair-view.ts';

/**
 * Reserves parts for a repair at a location the actor may take from. The reservation and the
 * repair's parts line are written together; when the units are not available (another repair took
 * the last one first), the answer is 409 insufficient_stock with what is available, and nothing changes.
 */
export async function reserveRepairPart(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: { partNumber: string; quantity: number; location: string },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  const location = await loadVisibleLocation(deps.db, actor, input.location);
  const part = await loadPart(deps.db, actor.tenantId, input.partNumber);
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await reserveStock(
      trx,
      { tenantId: actor.tenantId, locationId: location.location_id, partNumber: input.partNumber },
      input.quantity,
    );
    const lineId = deps.newId();
    await trx
      .insertInto('repair_parts')
      .values({
        tenant_id: actor.tenantId,
        repair_id: repairId,
        line_id: lineId,
        part_number: input.partNumber,
        quantity: input.quantity,
        location_id: location.location_id,
        state: 'reserved',
        serial_out: null,
        serial_in: null,
        unit_cost_minor: part.unit_cost_minor,
        currency: part.currency,
        reserved_at: now,
        settled_at: null,
      })
      .execute();
    await recordChange(deps, trx, actor, {
      type: 'repair.part_reserved',
      subject: { type: 'case', id: r.case_id },
      payload: { repair: r.number, line: lineId, ...input },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}

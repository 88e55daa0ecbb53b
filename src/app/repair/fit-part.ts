import type { Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import type { Tx } from '../transaction.ts';

type UnitPartRow = Selectable<Database['unit_parts']>;

/**
 * Fits a part into the unit at a repair's completion: the unit's parts list takes the new part and
 * serial (in the slot of the same part number, or else of the same category, or a new slot), and
 * the change is kept (`unit_part_changes`). Gives the slot it replaced, if any.
 */
export async function fitPart(
  deps: Pick<AppDeps, 'newId'>,
  trx: Tx,
  at: { tenantId: string; unitId: string; repairId: string; now: Date },
  unitParts: readonly UnitPartRow[],
  part: {
    partNumber: string;
    partCategory: string;
    supplierPartyId: string | null;
    use: { serialOut?: string | undefined; serialIn?: string | undefined };
    nextPosition: () => number;
  },
): Promise<UnitPartRow | undefined> {
  const { use } = part;
  const slot =
    unitParts.find(
      (u) =>
        u.part_number === part.partNumber &&
        (!use.serialOut || u.serial === use.serialOut || u.serial === null),
    ) ?? unitParts.find((u) => u.part_category === part.partCategory);
  if (slot) {
    await trx
      .updateTable('unit_parts')
      .set({
        part_number: part.partNumber,
        serial: use.serialIn ?? null,
        supplier_party_id: part.supplierPartyId,
        delivered_on: null,
      })
      .where('tenant_id', '=', at.tenantId)
      .where('unit_id', '=', at.unitId)
      .where('position', '=', slot.position)
      .execute();
  } else {
    await trx
      .insertInto('unit_parts')
      .values({
        tenant_id: at.tenantId,
        unit_id: at.unitId,
        position: part.nextPosition(),
        part_number: part.partNumber,
        part_category: part.partCategory,
        serial: use.serialIn ?? null,
        supplier_party_id: part.supplierPartyId,
        delivered_on: null,
      })
      .execute();
  }
  await trx
    .insertInto('unit_part_changes')
    .values({
      tenant_id: at.tenantId,
      change_id: deps.newId(),
      unit_id: at.unitId,
      repair_id: at.repairId,
      part_category: part.partCategory,
      part_number: part.partNumber,
      serial_out: use.serialOut ?? slot?.serial ?? null,
      serial_in: use.serialIn ?? null,
      changed_at: at.now,
    })
    .execute();
  return slot;
}

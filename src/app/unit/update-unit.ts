import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  loadVisibleUnit,
  resolveUnitRefs,
  toUnitViews,
  type UnitInput,
  type UnitView,
  writeUnitDetails,
} from './unit-view.ts';

/** Changes the fields given; given maintenance dates or parts replace the old lists whole. */
export async function updateUnit(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
  changes: Partial<UnitInput>,
): Promise<UnitView> {
  const current = await loadVisibleUnit(deps.db, actor, unitId);
  requireAccess(actor, 'write', 'unit');
  const [view] = await toUnitViews(deps.db, actor, [current]);
  const merged = {
    product: changes.product ?? view!.product.model,
    owner: changes.owner ?? view!.owner.key,
    seller: changes.seller === undefined ? view!.seller?.key : changes.seller,
    servicePartner: changes.servicePartner === undefined ? view!.servicePartner?.key : changes.servicePartner,
    territory: changes.territory ?? view!.territory,
    parts: changes.parts,
  };
  const refs = await resolveUnitRefs(deps.db, actor.tenantId, merged);
  try {
    const row = await inTransaction(deps, async (trx) => {
      const updated = await trx
        .updateTable('units')
        .set({
          ...(changes.serial !== undefined && { serial: changes.serial }),
          product_id: refs.productId,
          owner_party_id: refs.ownerId,
          seller_party_id: refs.sellerId,
          service_party_id: refs.servicePartnerId,
          territory: merged.territory,
          ...(changes.soldOn !== undefined && { sold_on: changes.soldOn }),
          ...(changes.deliveredOn !== undefined && { delivered_on: changes.deliveredOn }),
          ...(changes.installedOn !== undefined && { installed_on: changes.installedOn }),
          updated_at: deps.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('unit_id', '=', unitId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeUnitDetails(trx, actor.tenantId, unitId, {
        maintainedOn: changes.maintainedOn,
        parts: changes.parts,
        supplierIds: refs.supplierIds,
      });
      await recordChange(deps, trx, actor, {
        type: 'unit.changed',
        subject: { type: 'unit', id: unitId },
        payload: changes,
      });
      return updated;
    });
    const [updatedView] = await toUnitViews(deps.db, actor, [row]);
    return updatedView!;
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('serial_taken', {
        fields: [{ path: '/body/serial', message: 'already registered' }],
      });
    }
    throw error;
  }
}

import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  resolveUnitRefs,
  toUnitViews,
  type UnitInput,
  type UnitView,
  writeUnitDetails,
} from './unit-view.ts';

export async function createUnit(deps: AppDeps, actor: Actor, input: UnitInput): Promise<UnitView> {
  requireAccess(actor, 'write', 'unit');
  const refs = await resolveUnitRefs(deps.db, actor.tenantId, input);
  const unitId = deps.newId();
  const now = deps.now();
  try {
    const row = await inTransaction(deps, async (trx) => {
      const inserted = await trx
        .insertInto('units')
        .values({
          tenant_id: actor.tenantId,
          unit_id: unitId,
          serial: input.serial,
          product_id: refs.productId,
          owner_party_id: refs.ownerId,
          seller_party_id: refs.sellerId,
          service_party_id: refs.servicePartnerId,
          territory: input.territory,
          sold_on: input.soldOn ?? null,
          delivered_on: input.deliveredOn ?? null,
          installed_on: input.installedOn ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeUnitDetails(trx, actor.tenantId, unitId, { ...input, supplierIds: refs.supplierIds });
      await recordChange(deps, trx, actor, {
        type: 'unit.registered',
        subject: { type: 'unit', id: unitId },
        payload: input,
      });
      return inserted;
    });
    const [view] = await toUnitViews(deps.db, actor, [row]);
    return view!;
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('serial_taken', {
        detail: { en: `Serial ${input.serial} is registered.`, zh: `序列号 ${input.serial} 已登记。` },
        fields: [{ path: '/body/serial', message: 'already registered' }],
      });
    }
    throw error;
  }
}

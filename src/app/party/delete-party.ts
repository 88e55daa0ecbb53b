import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleParty } from './party-view.ts';

/** Deletes a party nothing refers to; a party with users, units or documents stays. */
export async function deleteParty(deps: AppDeps, actor: Actor, partyId: string): Promise<void> {
  await loadVisibleParty(deps.db, actor, partyId);
  requireAccess(actor, 'write', 'party');
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('home_party_id')
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  if (tenant.home_party_id === partyId) {
    throw new AppError('in_use', {
      detail: { en: 'The home party cannot be deleted.', zh: '不能删除本方当事方。' },
    });
  }
  try {
    await inTransaction(deps, async (trx) => {
      await trx
        .deleteFrom('parties')
        .where('tenant_id', '=', actor.tenantId)
        .where('party_id', '=', partyId)
        .execute();
      await recordChange(deps, trx, actor, {
        type: 'party.deleted',
        subject: { type: 'party', id: partyId },
        payload: {},
      });
    });
  } catch (error) {
    if (pgErrorCode(error) === '23503') {
      throw new AppError('in_use', {
        detail: { en: 'Users or units still refer to this party.', zh: '仍有用户或设备引用该当事方。' },
      });
    }
    throw error;
  }
}

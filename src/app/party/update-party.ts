import type { Actor } from '../../domain/access/index.ts';
import { PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadVisibleParty, type PartyInput, type PartyView, toPartyView } from './party-view.ts';

export async function updateParty(
  deps: AppDeps,
  actor: Actor,
  partyId: string,
  changes: Partial<PartyInput>,
): Promise<PartyView> {
  // Existence first: a caller who cannot see the party learns nothing from the role check.
  await loadVisibleParty(deps.db, actor, partyId);
  requireAccess(actor, 'write', 'party');
  try {
    const row = await inTransaction(deps, async (trx) => {
      const updated = await trx
        .updateTable('parties')
        .set({
          ...(changes.key !== undefined && { key: changes.key }),
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.nameZh !== undefined && { name_zh: changes.nameZh }),
          ...(changes.roles !== undefined && { roles: changes.roles }),
          ...(changes.country !== undefined && { country: changes.country }),
          ...(changes.email !== undefined && { email: changes.email }),
          ...(changes.phone !== undefined && { phone: changes.phone }),
          updated_at: deps.now(),
        })
        .where('tenant_id', '=', actor.tenantId)
        .where('party_id', '=', partyId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordChange(deps, trx, actor, {
        type: 'party.changed',
        subject: { type: 'party', id: partyId },
        payload: changes,
        personal: { partyId, fields: PERSONAL_PAYLOAD_FIELDS['party.changed']! },
      });
      return updated;
    });
    return toPartyView(row);
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('key_taken', { fields: [{ path: '/body/key', message: 'already taken' }] });
    }
    throw error;
  }
}

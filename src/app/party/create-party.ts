import type { Actor } from '../../domain/access/index.ts';
import { PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, pgErrorCode } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { type PartyInput, type PartyView, toPartyView } from './party-view.ts';

export async function createParty(deps: AppDeps, actor: Actor, input: PartyInput): Promise<PartyView> {
  requireAccess(actor, 'write', 'party');
  const now = deps.now();
  try {
    const row = await inTransaction(deps, async (trx) => {
      const inserted = await trx
        .insertInto('parties')
        .values({
          tenant_id: actor.tenantId,
          party_id: deps.newId(),
          key: input.key,
          name: input.name,
          name_zh: input.nameZh ?? null,
          roles: input.roles,
          country: input.country ?? null,
          email: input.email ?? null,
          phone: input.phone ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordChange(deps, trx, actor, {
        type: 'party.created',
        subject: { type: 'party', id: inserted.party_id },
        payload: input,
        personal: { partyId: inserted.party_id, fields: PERSONAL_PAYLOAD_FIELDS['party.created']! },
      });
      return inserted;
    });
    return toPartyView(row);
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('key_taken', {
        detail: { en: `A party with key "${input.key}" exists.`, zh: `键为 "${input.key}" 的当事方已存在。` },
        fields: [{ path: '/body/key', message: 'already taken' }],
      });
    }
    throw error;
  }
}

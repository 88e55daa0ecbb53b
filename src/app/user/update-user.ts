import type { Actor } from '../../domain/access/index.ts';
import type { UserRole } from '../../domain/party/index.ts';
import { PERSONAL_PAYLOAD_FIELDS } from '../../domain/privacy/index.ts';
import { requireAccess } from '../access.ts';
import { checkNewPassword, hashPassword } from '../auth/index.ts';
import type { AppDeps } from '../context.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { showUser } from './show-user.ts';
import { toUserView, type UserView } from './user-view.ts';

export interface UserChanges {
  name?: string | undefined;
  role?: UserRole | undefined;
  locale?: 'en' | 'zh' | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/** An admin changes a user; disabling or a new password ends the user's sessions. */
export async function updateUser(
  deps: AppDeps,
  actor: Actor,
  userId: string,
  changes: UserChanges,
): Promise<UserView> {
  await showUser(deps, actor, userId);
  requireAccess(actor, 'write', 'user');
  if (changes.password !== undefined) checkNewPassword(changes.password, '/body/password');
  const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
  const now = deps.now();
  return inTransaction(deps, async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.locale !== undefined && { locale: changes.locale }),
        ...(changes.disabled !== undefined && { disabled_at: changes.disabled ? now : null }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
        updated_at: now,
      })
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const { password: _never, ...recorded } = changes;
    await recordChange(deps, trx, actor, {
      type: 'user.changed',
      subject: { type: 'party', id: row.party_id },
      payload: { userId, ...recorded, ...(passwordHash !== undefined && { passwordReset: true }) },
      personal: { partyId: row.party_id, fields: PERSONAL_PAYLOAD_FIELDS['user.changed']! },
    });
    if (changes.disabled || passwordHash !== undefined) {
      await trx
        .deleteFrom('sessions')
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', userId)
        .execute();
    }
    // A reset password is a suspected leak: the API tokens made with the old one stop too.
    if (passwordHash !== undefined) {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
    }
    return toUserView(row);
  });
}

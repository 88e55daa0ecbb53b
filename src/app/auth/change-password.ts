import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { checkNewPassword, hashPassword, verifyPassword } from './passwords.ts';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** API tokens of the caller that keep working (a service known to be safe); all others are revoked. */
  keepTokens?: readonly string[] | undefined;
}

/**
 * The caller changes their own password. A change often follows a suspected leak, so whatever the
 * old password could have opened ends with it: every session, and every API token not named to keep.
 */
export async function changePassword(deps: AppDeps, actor: Actor, input: PasswordChange): Promise<void> {
  checkNewPassword(input.newPassword, '/body/newPassword');
  const keep = [...new Set(input.keepTokens ?? [])];
  const user = await deps.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('bad_credentials');
  }
  if (keep.length > 0) {
    const own = await deps.db
      .selectFrom('api_tokens')
      .select('token_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .where('token_id', 'in', keep)
      .execute();
    const owned = new Set(own.map((t) => t.token_id));
    const problems = (input.keepTokens ?? []).flatMap((id, i) =>
      owned.has(id) ? [] : [{ path: `/body/keepTokens/${i}`, message: 'not one of your API tokens' }],
    );
    if (problems.length > 0) throw invalid(problems);
  }
  const hash = await hashPassword(input.newPassword);
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .execute();
    let revoke = trx
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null);
    if (keep.length > 0) revoke = revoke.where('token_id', 'not in', keep);
    await revoke.execute();
  });
}

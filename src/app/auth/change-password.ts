import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { inTransaction } from '../transaction.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

/** The caller changes their own password; every other session of theirs ends. */
export async function changePassword(
  deps: AppDeps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw invalid([
      { path: '/body/newPassword', message: `must have at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  const user = await deps.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('bad_credentials');
  }
  const hash = await hashPassword(input.newPassword);
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, updated_at: deps.now() })
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('tenant_id', '=', actor.tenantId)
      .where('user_id', '=', actor.userId)
      .execute();
  });
}

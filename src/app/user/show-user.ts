import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { toUserView, USER_NOT_FOUND, type UserView } from './user-view.ts';

/** Anyone sees themselves; the home party's staff see every user of the tenant. */
export async function showUser(deps: AppDeps, actor: Actor, userId: string): Promise<UserView> {
  if (userId !== actor.userId && visibilityOf(actor).kind !== 'tenant') throw notFound(USER_NOT_FOUND);
  const row = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound(USER_NOT_FOUND);
  return toUserView(row);
}

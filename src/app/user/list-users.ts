import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, toPage } from '../pagination.ts';
import { toUserView, type UserView } from './user-view.ts';

export async function listUsers(
  deps: AppDeps,
  actor: Actor,
  filter: { limit: number; cursor?: string | undefined },
): Promise<Page<UserView>> {
  requireAccess(actor, 'read', 'user');
  const after = decodeCursor(filter.cursor, ['text']);
  let query = deps.db.selectFrom('users').selectAll().where('tenant_id', '=', actor.tenantId);
  if (after) query = query.where('email', '>', after[0]!);
  const rows = await query
    .orderBy('email')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toUserView, (r) => [r.email]);
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

/** Revokes one of the caller's own tokens; someone else's token is "not found". */
export async function revokeApiToken(deps: AppDeps, actor: Actor, tokenId: string): Promise<void> {
  const result = await deps.db
    .updateTable('api_tokens')
    .set({ revoked_at: deps.now() })
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .where('token_id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound({ en: 'No such API token.', zh: '没有该 API 令牌。' });
}

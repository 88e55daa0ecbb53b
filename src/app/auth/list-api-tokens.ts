import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The caller's own tokens, never their secrets. */
export async function listApiTokens(deps: AppDeps, actor: Actor): Promise<ApiTokenSummary[]> {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .select(['token_id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('tenant_id', '=', actor.tenantId)
    .where('user_id', '=', actor.userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.token_id,
    name: r.name,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { hashSecret, sameSecret } from './secrets.ts';

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
}

function actorQuery(deps: AppDeps) {
  return deps.db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.tenant_id', 'users.tenant_id')
    .select(['users.tenant_id', 'users.user_id', 'users.party_id', 'users.role', 'tenants.home_party_id'])
    .where('users.disabled_at', 'is', null);
}

/** The actor behind a session cookie, or undefined when it is unknown, expired or its user disabled. */
export async function authenticateSession(
  deps: AppDeps,
  sessionToken: string,
): Promise<SessionActor | undefined> {
  const row = await actorQuery(deps)
    .innerJoin('sessions', (join) =>
      join
        .onRef('sessions.tenant_id', '=', 'users.tenant_id')
        .onRef('sessions.user_id', '=', 'users.user_id'),
    )
    .select(['sessions.csrf_token'])
    .where('sessions.session_hash', '=', hashSecret(sessionToken))
    .where('sessions.expires_at', '>', deps.now())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    csrfToken: row.csrf_token,
    actor: {
      tenantId: row.tenant_id,
      userId: row.user_id,
      partyId: row.party_id,
      role: row.role,
      homeParty: row.home_party_id === row.party_id,
      authenticatedBy: 'session',
    },
  };
}

const LAST_USED_RESOLUTION_MS = 60_000;

const TOKEN = /^sbt_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

export function formatApiToken(tokenId: string, secret: string): string {
  return `sbt_${tokenId}.${secret}`;
}

/** The actor behind an API token (`Authorization: Bearer sbt_…`), or undefined. */
export async function authenticateApiToken(deps: AppDeps, token: string): Promise<Actor | undefined> {
  const match = TOKEN.exec(token);
  if (!match) return undefined;
  const [, tokenId, secret] = match as unknown as [string, string, string];
  const row = await actorQuery(deps)
    .innerJoin('api_tokens', (join) =>
      join
        .onRef('api_tokens.tenant_id', '=', 'users.tenant_id')
        .onRef('api_tokens.user_id', '=', 'users.user_id'),
    )
    .select(['api_tokens.secret_hash', 'api_tokens.last_used_at'])
    .where('api_tokens.token_id', '=', tokenId)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameSecret(row.secret_hash, hashSecret(secret))) return undefined;
  // "Last used" to the minute is enough to see a forgotten token; a write on every call is not worth it.
  const now = deps.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('tenant_id', '=', row.tenant_id)
      .where('token_id', '=', tokenId)
      .execute();
  }
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    partyId: row.party_id,
    role: row.role,
    homeParty: row.home_party_id === row.party_id,
    authenticatedBy: 'api_token',
  };
}

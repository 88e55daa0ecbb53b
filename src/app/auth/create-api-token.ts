import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { formatApiToken } from './authenticate.ts';
import { hashSecret, newSecret } from './secrets.ts';

export interface CreatedApiToken {
  id: string;
  name: string;
  /** Shown once: only its hash is kept. */
  token: string;
  createdAt: Date;
}

async function insertToken(
  deps: AppDeps,
  tenantId: string,
  userId: string,
  name: string,
): Promise<CreatedApiToken> {
  const id = deps.newId();
  const secret = newSecret();
  const createdAt = deps.now();
  await deps.db
    .insertInto('api_tokens')
    .values({
      tenant_id: tenantId,
      token_id: id,
      user_id: userId,
      name,
      secret_hash: hashSecret(secret),
      created_at: createdAt,
    })
    .execute();
  return { id, name, token: formatApiToken(id, secret), createdAt };
}

/** A token for the caller's own integrations, acting with the caller's role and party. */
export async function createApiToken(deps: AppDeps, actor: Actor, name: string): Promise<CreatedApiToken> {
  requireAccess(actor, 'write', 'token');
  return insertToken(deps, actor.tenantId, actor.userId, name);
}

/** For the operator at the command line: a token for any user, found by e-mail. */
export async function createApiTokenForUser(
  deps: AppDeps,
  email: string,
  name: string,
): Promise<CreatedApiToken> {
  const user = await deps.db
    .selectFrom('users')
    .select(['tenant_id', 'user_id'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw notFound({ en: `No user with e-mail ${email}.`, zh: `没有电子邮件为 ${email} 的用户。` });
  return insertToken(deps, user.tenant_id, user.user_id, name);
}

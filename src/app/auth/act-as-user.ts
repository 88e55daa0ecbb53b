import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

/**
 * The operator at the command line acts as a named user, with that user's role and party, so
 * the evidence record says who did what even when it was done from a shell.
 */
export async function actAsUser(deps: AppDeps, email: string): Promise<Actor> {
  const row = await deps.db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.tenant_id', 'users.tenant_id')
    .select(['users.tenant_id', 'users.user_id', 'users.party_id', 'users.role', 'tenants.home_party_id'])
    .where(sql`lower(users.email)`, '=', email.trim().toLowerCase())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row)
    throw notFound({
      en: `No active user with e-mail ${email}.`,
      zh: `没有电子邮件为 ${email} 的有效用户。`,
    });
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    partyId: row.party_id,
    role: row.role,
    homeParty: row.home_party_id === row.party_id,
    authenticatedBy: 'cli',
  };
}

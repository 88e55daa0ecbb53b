import type { Actor } from '../../domain/access/index.ts';
import type { Tx } from '../transaction.ts';

/**
 * A tenant's service user: the author of what the system does on its own (a rule opening a case,
 * the planner opening a maintenance visit), so each entry names who did it. It has no password
 * and cannot sign in; made on first need, in the home party, as an agent.
 */
export async function serviceUserActor(
  trx: Tx,
  tenantId: string,
  newId: () => string,
  now: Date,
  user: { key: string; name: string },
): Promise<Actor> {
  const tenant = await trx
    .selectFrom('tenants')
    .select(['slug', 'home_party_id'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  if (!tenant.home_party_id) throw new Error(`tenant ${tenant.slug} has no home party`);
  const email = `${user.key}@${tenant.slug}.servicebook.invalid`;
  await trx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      user_id: newId(),
      party_id: tenant.home_party_id,
      email,
      name: user.name,
      role: 'agent',
      locale: 'en',
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await trx
    .selectFrom('users')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    tenantId,
    userId: row.user_id,
    partyId: tenant.home_party_id,
    role: 'agent',
    homeParty: true,
    authenticatedBy: 'api_token',
  };
}

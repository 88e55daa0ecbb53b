import type { Actor } from '../../domain/access/index.ts';
import type { Tx } from '../transaction.ts';

/**
 * The tenant's remote-monitoring user: the author of the cases its rules open. It has no
 * password and cannot sign in; made on first need, in the home party, as an agent.
 */
export async function monitorActor(
  trx: Tx,
  tenantId: string,
  newId: () => string,
  now: Date,
): Promise<Actor> {
  const tenant = await trx
    .selectFrom('tenants')
    .select(['slug', 'home_party_id'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  if (!tenant.home_party_id) throw new Error(`tenant ${tenant.slug} has no home party`);
  const email = `monitoring@${tenant.slug}.servicebook.invalid`;
  await trx
    .insertInto('users')
    .values({
      tenant_id: tenantId,
      user_id: newId(),
      party_id: tenant.home_party_id,
      email,
      name: 'Remote monitoring / 远程监控',
      role: 'agent',
      locale: 'en',
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const user = await trx
    .selectFrom('users')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return {
    tenantId,
    userId: user.user_id,
    partyId: tenant.home_party_id,
    role: 'agent',
    homeParty: true,
    authenticatedBy: 'api_token',
  };
}

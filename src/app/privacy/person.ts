import type { Kysely } from 'kysely';
import { type Actor, visibilityOf } from '../../domain/access/index.ts';
import type { Database, PartyRow } from '../../store/schema.ts';
import { requireAccess } from '../access.ts';
import { notFound } from '../errors.ts';

export const PERSON_NOT_FOUND = { en: 'No such person.', zh: '没有此人。' };

/**
 * The person (a party) whose data is asked about, if the actor may see it at all: the brand's
 * staff see the tenant's parties, anyone else only their own. Another tenant's or another party's
 * person is 404, as if it did not exist.
 */
export async function loadPerson(db: Kysely<Database>, actor: Actor, partyId: string): Promise<PartyRow> {
  const visibility = visibilityOf(actor);
  if (visibility.kind === 'party' && visibility.partyId !== partyId) throw notFound(PERSON_NOT_FOUND);
  const row = await db
    .selectFrom('parties')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('party_id', '=', partyId)
    .executeTakeFirst();
  if (!row) throw notFound(PERSON_NOT_FOUND);
  return row;
}

/** The brand's administrator answers a person's requests; a customer may also ask for their own data. */
export function requireExportAccess(actor: Actor, person: PartyRow): void {
  const own = visibilityOf(actor).kind === 'party' && actor.partyId === person.party_id;
  if (own && actor.role === 'customer') return;
  requireAccess(actor, 'write', 'personal_data');
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { PartyRole } from '../../domain/party/index.ts';
import type { Database, PartyRow } from '../../store/schema.ts';
import { notFound } from '../errors.ts';

export interface PartyView {
  id: string;
  key: string;
  name: string;
  nameZh: string | null;
  roles: PartyRole[];
  country: string | null;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PartyInput {
  key: string;
  name: string;
  nameZh?: string | null | undefined;
  roles: PartyRole[];
  country?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

export function toPartyView(row: PartyRow): PartyView {
  return {
    id: row.party_id,
    key: row.key,
    name: row.name,
    nameZh: row.name_zh,
    roles: row.roles,
    country: row.country,
    email: row.email,
    phone: row.phone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Parties the actor may see: all of the tenant's for its staff, otherwise only the actor's own. */
export function visibleParties(db: Kysely<Database>, actor: Actor) {
  const visibility = visibilityOf(actor);
  let query = db.selectFrom('parties').where('parties.tenant_id', '=', actor.tenantId);
  if (visibility.kind === 'party') query = query.where('parties.party_id', '=', visibility.partyId);
  return query;
}

export const PARTY_NOT_FOUND = { en: 'No such party.', zh: '没有该当事方。' };

export async function loadVisibleParty(
  db: Kysely<Database>,
  actor: Actor,
  partyId: string,
): Promise<PartyRow> {
  const row = await visibleParties(db, actor).selectAll().where('party_id', '=', partyId).executeTakeFirst();
  if (!row) throw notFound(PARTY_NOT_FOUND);
  return row;
}

import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { PartyRole } from '../../domain/party/index.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, toPage } from '../pagination.ts';
import { type PartyView, toPartyView, visibleParties } from './party-view.ts';

export interface PartyFilter {
  role?: PartyRole | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Parties by name, as far as the actor may see. */
export async function listParties(
  deps: AppDeps,
  actor: Actor,
  filter: PartyFilter,
): Promise<Page<PartyView>> {
  const after = decodeCursor(filter.cursor, ['text', 'uuid']);
  let query = visibleParties(deps.db, actor).selectAll();
  if (filter.role) query = query.where(sql<boolean>`${filter.role} = any(roles)`);
  if (after) {
    const [name, id] = after as [string, string];
    query = query.where((eb) =>
      eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('party_id', '>', id)])]),
    );
  }
  const rows = await query
    .orderBy('name')
    .orderBy('party_id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, toPartyView, (r) => [r.name, r.party_id]);
}

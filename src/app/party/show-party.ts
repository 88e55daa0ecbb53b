import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { loadVisibleParty, type PartyView, toPartyView } from './party-view.ts';

export async function showParty(deps: AppDeps, actor: Actor, partyId: string): Promise<PartyView> {
  return toPartyView(await loadVisibleParty(deps.db, actor, partyId));
}

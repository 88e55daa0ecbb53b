import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { recordPersonalRead } from '../privacy/index.ts';
import { loadVisibleParty, type PartyView, toPartyView } from './party-view.ts';

export async function showParty(deps: AppDeps, actor: Actor, partyId: string): Promise<PartyView> {
  const row = await loadVisibleParty(deps.db, actor, partyId);
  // A person's contact record read by the brand's staff goes on their read log.
  if (row.roles.includes('customer'))
    await recordPersonalRead(deps, actor, { partyId, what: 'party', subjectId: partyId });
  return toPartyView(row);
}

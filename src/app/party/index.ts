export { createParty } from './create-party.ts';
export { deleteParty } from './delete-party.ts';
export { listParties } from './list-parties.ts';
export { partyByKey } from './party-by-key.ts';
export type { PartyInput } from './party-view.ts';
export { showParty } from './show-party.ts';
export { updateParty } from './update-party.ts';

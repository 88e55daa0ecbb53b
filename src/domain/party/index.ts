export type { PartyRole, UserRole } from './party.ts';
export { PARTY_KEY_PATTERN, PARTY_ROLES, USER_ROLES } from './party.ts';

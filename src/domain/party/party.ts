/** What a party is to the tenant (DESIGN.md glossary). A party may hold several roles. */
export const PARTY_ROLES = ['brand', 'distributor', 'service_partner', 'supplier', 'customer'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/** What a person may do, independent of which party they belong to. */
export const USER_ROLES = [
  'admin',
  'manager',
  'agent',
  'technician',
  'partner',
  'customer',
  'counsel',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A party key is the stable id that terms files use (`provider: acme`). */
export const PARTY_KEY_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

import { keysOf } from '../label.ts';
import { PARTY_ROLE_LABELS, USER_ROLE_LABELS } from './labels.ts';

/** What a party is to the tenant (DESIGN.md glossary). A party may hold several roles. */
export type PartyRole = keyof typeof PARTY_ROLE_LABELS;
export const PARTY_ROLES = keysOf(PARTY_ROLE_LABELS);

/** What a person may do, independent of which party they belong to. */
export type UserRole = keyof typeof USER_ROLE_LABELS;
export const USER_ROLES = keysOf(USER_ROLE_LABELS);

/** A party key is the stable id that terms files use (`provider: acme`). */
export const PARTY_KEY_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

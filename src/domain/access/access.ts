import type { UserRole } from '../party/index.ts';

/**
 * Who is asking. Built by the HTTP or CLI layer from a verified session or token;
 * the use cases decide with it and never trust anything else about the caller.
 */
export interface Actor {
  tenantId: string;
  userId: string;
  partyId: string;
  role: UserRole;
  /** True when the actor's party runs the tenant (the brand whose service this is). */
  homeParty: boolean;
  /** `mail`: the sender of an e-mail received, found by its address (see app/mail-in). */
  authenticatedBy: 'session' | 'api_token' | 'cli' | 'mail';
}

export type Resource =
  | 'party'
  | 'user'
  | 'product'
  | 'unit'
  | 'document'
  | 'token'
  | 'agreement'
  | 'evidence'
  | 'official_holidays'
  | 'article'
  | 'canned_reply'
  | 'personal_data';
export type Action = 'read' | 'write';

/**
 * How far an actor sees inside the tenant.
 * - `tenant`: the home party's staff see everything in the tenant.
 * - `party`: everyone else sees what belongs to, was sold by, or is assigned to their own party.
 */
export type Visibility = { kind: 'tenant' } | { kind: 'party'; partyId: string };

const STAFF: ReadonlySet<UserRole> = new Set(['admin', 'manager', 'agent', 'counsel']);

export function visibilityOf(actor: Actor): Visibility {
  if (actor.homeParty && STAFF.has(actor.role)) return { kind: 'tenant' };
  return { kind: 'party', partyId: actor.partyId };
}

/**
 * Whether the actor is the brand's own staff, who alone read what stays between the brand and its
 * suppliers and partners: supplier recovery, part costs, who supplied a unit's parts.
 */
export function readsBrandInternals(actor: Actor): boolean {
  return visibilityOf(actor).kind === 'tenant';
}

/**
 * Whether the actor is the brand's staff who change records: its administrators, managers and
 * agents. Counsel reads everything the staff read and changes nothing.
 */
export function changesBrandRecords(actor: Actor): boolean {
  return readsBrandInternals(actor) && actor.role !== 'counsel';
}

/** Which roles may change which records. Reads are governed by visibility, not by this table. */
const WRITERS: Record<Resource, ReadonlySet<UserRole>> = {
  party: new Set(['admin', 'manager']),
  user: new Set(['admin']),
  product: new Set(['admin', 'manager']),
  unit: new Set(['admin', 'manager', 'agent']),
  document: new Set(['admin', 'manager']),
  agreement: new Set(['admin', 'manager']),
  // Writing to the evidence record directly means signing a checkpoint; entries come from use cases.
  evidence: new Set(['admin', 'manager']),
  // Everyone but counsel may hold API tokens for their own integrations.
  token: new Set(['admin', 'manager', 'agent', 'technician', 'partner', 'customer', 'repair_shop']),
  // A year of public holidays moves every deadline in it: the administrator loads it.
  official_holidays: new Set(['admin']),
  // Agents write the articles they wish they had had; who reads one is its visibility's business.
  article: new Set(['admin', 'manager', 'agent']),
  // Saved answers are the service desk's own: its agents keep them.
  canned_reply: new Set(['admin', 'manager', 'agent']),
  // Exporting or erasing a person's data answers their request (PIPL art. 45, 47): the administrator.
  personal_data: new Set(['admin']),
};

/** Resources only the home party's staff may list at all. */
const STAFF_ONLY_READ: ReadonlySet<Resource> = new Set([
  'user',
  'document',
  'agreement',
  'evidence',
  'official_holidays',
  'personal_data',
  'canned_reply',
]);

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'role_cannot_write' | 'staff_only' };

export function decideAccess(actor: Actor, action: Action, resource: Resource): AccessDecision {
  const visibility = visibilityOf(actor);
  if (action === 'read') {
    if (STAFF_ONLY_READ.has(resource) && visibility.kind !== 'tenant') {
      return { allowed: false, reason: 'staff_only' };
    }
    return { allowed: true };
  }
  // Writes across the tenant's records are for the home party's staff; counsel only reads.
  if (resource !== 'token' && visibility.kind !== 'tenant')
    return { allowed: false, reason: 'role_cannot_write' };
  if (!WRITERS[resource].has(actor.role)) return { allowed: false, reason: 'role_cannot_write' };
  return { allowed: true };
}

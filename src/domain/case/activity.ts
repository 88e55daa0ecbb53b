/**
 * Who reads what on a case page. Three readers: the brand's staff read everything; the partner
 * (a service partner or the distributor that sold the unit) reads what it needs to do the work;
 * the customer reads its own conversation and the steps of its request.
 */
export type CaseReader = 'brand' | 'partner' | 'customer';

/** `public` for everyone on the case; `internal` shared with the partner; `brand` the brand's staff only. */
export const MESSAGE_VISIBILITIES = ['public', 'internal', 'brand'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];

const MESSAGES_READ: Record<CaseReader, readonly MessageVisibility[]> = {
  brand: MESSAGE_VISIBILITIES,
  partner: ['public', 'internal'],
  customer: ['public'],
};

/** The messages a reader sees, by visibility. */
export function visibleMessageKinds(reader: CaseReader): readonly MessageVisibility[] {
  return MESSAGES_READ[reader];
}

/** Entries already shown as messages: the activity list leaves them out. */
const MESSAGE_ENTRIES = new Set(['case.message_received', 'case.reply_sent', 'case.note_added']);

/** The steps of a request its customer follows. */
const CUSTOMER_EVENTS = new Set([
  'case.opened',
  'case.state_changed',
  'case.merged',
  'case.merge_received',
  'case.visit_reported',
  'case.survey_answered',
  'return.requested',
  'return.approved',
  'return.rejected',
  'return.shipped',
  'return.received',
  'return.disposed',
  'repair.completed',
]);

/** What the partner also reads: who has the case, its urgency, its clocks and the work on it. */
const PARTNER_PREFIXES = ['repair.', 'return.', 'deadline.', 'sla.', 'telemetry.'];
const PARTNER_EVENTS = new Set([
  'case.assigned',
  'case.partner_accepted',
  'case.partner_declined',
  'case.severity_changed',
  'case.escalated',
  'case.redecided',
  'case.troubleshooting_walked',
]);

/**
 * Whether an entry about a case is shown on its activity list to this reader. Costs, claims,
 * recoveries and mail triage stay with the brand.
 */
export function showsInActivity(reader: CaseReader, entryType: string): boolean {
  if (MESSAGE_ENTRIES.has(entryType)) return false;
  if (reader === 'brand') return true;
  if (CUSTOMER_EVENTS.has(entryType)) return true;
  if (reader === 'customer') return false;
  return PARTNER_EVENTS.has(entryType) || PARTNER_PREFIXES.some((p) => entryType.startsWith(p));
}

/** The entry types a reader may see, for a query's `IN (...)`: null when every type is shown. */
export function activityTypesFor(reader: CaseReader, known: readonly string[]): string[] | null {
  return reader === 'brand' ? null : known.filter((t) => showsInActivity(reader, t));
}

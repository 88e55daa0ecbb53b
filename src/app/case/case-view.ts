import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals, visibilityOf } from '../../domain/access/index.ts';
import type { CaseReader } from '../../domain/case/index.ts';
import { coveredThrough } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { type CaseAttachment, caseAttachments } from './case-attachments.ts';
import { type ClockView, clockView } from './case-clocks.ts';

export const CASE_NOT_FOUND = { en: 'No such case.', zh: '没有该服务单。' };

/**
 * Cases the actor may see: staff all; a party those it is the customer of, is assigned to, or sold
 * the unit of (a distributor works its customers' cases, as it sees the units it sold).
 */
export function visibleCases(db: Kysely<Database>, actor: Actor) {
  const visibility = visibilityOf(actor);
  let query = db.selectFrom('cases').where('cases.tenant_id', '=', actor.tenantId);
  if (visibility.kind === 'party') {
    const partyId = visibility.partyId;
    query = query.where((eb) =>
      eb.or([
        eb('cases.customer_party_id', '=', partyId),
        eb('cases.service_party_id', '=', partyId),
        eb('cases.seller_party_id', '=', partyId),
      ]),
    );
  }
  return query;
}

export async function loadVisibleCase(db: Kysely<Database>, actor: Actor, caseId: string) {
  const row = await visibleCases(db, actor)
    .selectAll('cases')
    .where('cases.case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw notFound(CASE_NOT_FOUND);
  return row;
}

export interface CaseView {
  id: string;
  /** The internal sequential number for the brand's staff; the public reference for anyone else. */
  number: string;
  /** The public reference customers and partners see and quote (staff only: the others see it as `number`). */
  reference?: string;
  kind: string;
  severity: string;
  state: string;
  customer: { id: string; key: string; name: string };
  unit: { id: string; serial: string } | null;
  description: string;
  channel: string;
  siteNotAccessible: boolean;
  assignedUserId: string | null;
  servicePartner: { id: string; key: string; name: string } | null;
  decision: unknown;
  openedAt: Date;
  updatedAt: Date;
  clocks: ClockView[];
  /**
   * The files attached at the opening and to the messages the actor may see.
   */
  attachments: CaseAttachment[];
  /**
   * An earlier case on the same unit still open when this one is: perhaps the same request made
   * twice. Staff may merge this one into it. Only cases the reader may see are named. (Optional
   * until the opening's own view computes it: `toCaseView` always does.)
   */
  possibleDuplicateOf?: CaseRef | null;
  /** Set when this case was merged into another: it is closed, its record kept. */
  mergedInto?: CaseRef | null;
  /** How a closed case ended when it did not end by the work itself: `merged`. */
  outcome?: 'merged' | null;
}

export interface CaseRef {
  id: string;
  number: string;
}

const OPEN_STATES = ['resolved', 'closed'] as const;

/**
 * The earliest other case of the unit still open, opened before this one (read on the open cases
 * by unit index): a possible duplicate of an open case, whose reader may see it.
 */
export async function earlierOpenCaseOfUnit(
  db: Kysely<Database>,
  actor: Actor,
  row: {
    case_id: string;
    unit_id: string | null;
    state: string;
    opened_at: Date;
    merged_into_case_id: string | null;
  },
): Promise<CaseRef | null> {
  if (!row.unit_id || row.merged_into_case_id || (OPEN_STATES as readonly string[]).includes(row.state)) {
    return null;
  }
  const earlier = await visibleCases(db, actor)
    .select(['cases.case_id', 'cases.number', 'cases.public_ref'])
    .where('cases.unit_id', '=', row.unit_id)
    .where('cases.state', 'not in', OPEN_STATES)
    .where('cases.case_id', '!=', row.case_id)
    .where('cases.opened_at', '<=', row.opened_at)
    .orderBy('cases.opened_at')
    .orderBy('cases.case_id')
    .limit(1)
    .executeTakeFirst();
  return earlier ? { id: earlier.case_id, number: shownNumber(actor, earlier) } : null;
}

export async function toCaseView(
  db: Kysely<Database>,
  actor: Actor,
  caseId: string,
  now: Date,
): Promise<CaseView> {
  const row = await loadVisibleCase(db, actor, caseId);
  const customer = isCustomerOf(actor, row);
  const at = Math.floor(now.getTime() / 1000);
  // Everything below depends on the case row only: read at once, not one round trip after another.
  const [parties, unit, clocks, attachments, possibleDuplicateOf, merged] = await Promise.all([
    db
      .selectFrom('parties')
      .select(['party_id', 'key', 'name'])
      .where('tenant_id', '=', actor.tenantId)
      .where('party_id', 'in', [
        row.customer_party_id,
        ...(row.service_party_id ? [row.service_party_id] : []),
      ])
      .execute(),
    row.unit_id
      ? db
          .selectFrom('units')
          .select(['unit_id', 'serial'])
          .where('tenant_id', '=', actor.tenantId)
          .where('unit_id', '=', row.unit_id)
          .executeTakeFirst()
      : undefined,
    caseClockViews(db, actor.tenantId, caseId, customer, at),
    caseAttachments(db, actor, row),
    earlierOpenCaseOfUnit(db, actor, row),
    row.merged_into_case_id
      ? db
          .selectFrom('cases')
          .select(['case_id', 'number', 'public_ref'])
          .where('tenant_id', '=', actor.tenantId)
          .where('case_id', '=', row.merged_into_case_id)
          .executeTakeFirst()
      : undefined,
  ]);
  const party = (id: string | null) => {
    const p = parties.find((x) => x.party_id === id);
    return p ? { id: p.party_id, key: p.key, name: p.name } : null;
  };
  return {
    id: row.case_id,
    number: shownNumber(actor, row),
    ...(readsBrandInternals(actor) && { reference: row.public_ref }),
    kind: row.kind,
    severity: row.severity,
    state: row.state,
    customer: party(row.customer_party_id)!,
    unit: unit ? { id: unit.unit_id, serial: unit.serial } : null,
    description: row.description,
    channel: row.channel,
    siteNotAccessible: row.site_not_accessible,
    assignedUserId: customer ? null : row.assigned_user_id,
    servicePartner: party(row.service_party_id),
    decision: decisionForReaders(row.decision, actor),
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    clocks,
    attachments,
    possibleDuplicateOf,
    mergedInto: merged ? { id: merged.case_id, number: shownNumber(actor, merged) } : null,
    outcome: row.merged_into_case_id ? 'merged' : null,
  };
}

/**
 * The case's clocks as the reader sees them, with the owing party's name (people read names, not
 * keys). The customer reads the promises made to it; what a partner owes the brand stays between them.
 */
async function caseClockViews(
  db: Kysely<Database>,
  tenantId: string,
  caseId: string,
  customer: boolean,
  at: number,
): Promise<ClockView[]> {
  let query = db
    .selectFrom('case_clocks as c')
    .leftJoin('parties as p', (j) =>
      j.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.key', '=', 'c.owed_by'),
    )
    .selectAll('c')
    .select('p.name as owed_by_name')
    .where('c.tenant_id', '=', tenantId)
    .where('c.case_id', '=', caseId);
  if (customer) query = query.where('c.side', '=', 'promise');
  const rows = await query.orderBy('c.side').orderBy('c.target').execute();
  return Promise.all(
    rows.map(async ({ owed_by_name, ...c }) => {
      const view = await clockView(db, tenantId, c, at);
      return owed_by_name === null ? view : { ...view, owedByName: owed_by_name };
    }),
  );
}

/**
 * The number a reader is shown: the brand's staff the sequential internal number, customers and
 * partners the case's public reference (a sequential number tells them the brand's volume and
 * invites guessing at other cases).
 */
export function shownNumber(actor: Actor, row: { number: string; public_ref: string }): string {
  return readsBrandInternals(actor) ? row.number : row.public_ref;
}

/** Who is reading the case: the brand's staff, its customer, or a partner on it. */
export function caseReader(actor: Actor, row: { customer_party_id: string }): CaseReader {
  if (readsBrandInternals(actor)) return 'brand';
  return isCustomerOf(actor, row) ? 'customer' : 'partner';
}

/** The case's own customer, reading it (not its partner, not the brand). */
export function isCustomerOf(actor: Actor, row: { customer_party_id: string }): boolean {
  return visibilityOf(actor).kind === 'party' && row.customer_party_id === actor.partyId;
}

/**
 * A stored decision as readers get it: with the last day covered (`covered_through`), never the
 * exclusive end the engine counts with. A decision stored before `covered_through` existed gets it
 * from its ends, by the one rule for the last day. What the brand may recover from its supplier
 * is the brand's business: only its staff read it.
 */
export function decisionForReaders(decision: unknown, actor: Actor): unknown {
  if (!decision || typeof decision !== 'object') return null;
  const { cover_ends, recovery, recoverable_from_supplier, ...rest } = decision as {
    cover_ends?: Record<string, string | null>;
    covered_through?: unknown;
    recovery?: unknown;
    recoverable_from_supplier?: unknown;
  };
  const d = readsBrandInternals(actor) ? { ...rest, recovery, recoverable_from_supplier } : rest;
  if (d.covered_through || !cover_ends) return d;
  return { ...d, covered_through: coveredThrough(cover_ends) };
}

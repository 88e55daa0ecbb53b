import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals, visibilityOf } from '../../domain/access/index.ts';
import { searchQuery } from '../../domain/case/index.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { visibleCases } from './case-view.ts';

export interface QueueFilter {
  state?: string | undefined;
  severity?: string | undefined;
  product?: string | undefined;
  territory?: string | undefined;
  /** A party key: the customer or the assigned partner. */
  party?: string | undefined;
  breached?: boolean | undefined;
  /** A user id: the cases assigned to that person. */
  assignee?: string | undefined;
  /** Words to find in the number, customer's names, serial, description and public messages (en/zh). */
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** What every list of cases shows of one. */
export interface CaseListItem {
  id: string;
  number: string;
  kind: string;
  severity: string;
  state: string;
  customer: string;
  /** The customer's name, what a person reads (the key is for filters and links). */
  customerName: string;
  serial: string | null;
  /** What the case is about: the first line of its description, cut at 120 characters. */
  subject: string;
  openedAt: Date;
  /**
   * Something new for this reader since they last read the case (`POST /cases/{id}/read`): for
   * the customer a reply from the service side, for staff and partners a message from the customer.
   */
  unread: boolean;
}

export interface QueueItem extends CaseListItem {
  /** The next deadline of a running clock, the case's SLA risk; null when every clock is stopped or paused. */
  nextDueAt: string | null;
  nextTarget: string | null;
  breached: boolean;
}

/**
 * Breached is what the worker recorded, or a running deadline already passed that it has not
 * reached yet: both kept on the case row (`has_breach`, `risk_due_at`, migration 0015).
 */
export const breachedBy = (now: number) => sql<boolean>`(cases.has_breach or cases.risk_due_at <= ${now})`;

/**
 * The cases the actor may see with what a list shows of each (number, kind, state, customer,
 * unit), joined with product and partner for the filters.
 */
export function caseListRows(deps: AppDeps, actor: Actor) {
  return (
    visibleCases(deps.db, actor)
      .innerJoin('parties as customer', (j) =>
        j
          .onRef('customer.tenant_id', '=', 'cases.tenant_id')
          .onRef('customer.party_id', '=', 'cases.customer_party_id'),
      )
      .leftJoin('units', (j) =>
        j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
      )
      .leftJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .leftJoin('parties as partner', (j) =>
        j
          .onRef('partner.tenant_id', '=', 'cases.tenant_id')
          .onRef('partner.party_id', '=', 'cases.service_party_id'),
      )
      // One primary-key read per listed case (migration 0031).
      .leftJoin('case_reads as seen', (j) =>
        j
          .onRef('seen.tenant_id', '=', 'cases.tenant_id')
          .onRef('seen.case_id', '=', 'cases.case_id')
          .on('seen.user_id', '=', actor.userId),
      )
      .select([
        'cases.case_id',
        // Customers and partners see the case's public reference, never the sequential number.
        (readsBrandInternals(actor) ? sql<string>`cases.number` : sql<string>`cases.public_ref`).as('number'),
        'cases.kind',
        'cases.severity',
        'cases.state',
        'customer.key as customer',
        'customer.name as customer_name',
        'units.serial',
        sql<string>`left(split_part(cases.description, E'\n', 1), 120)`.as('subject'),
        'cases.opened_at',
        sql<boolean>`coalesce(${
          visibilityOf(actor).kind === 'party'
            ? sql`case when cases.customer_party_id = ${actor.partyId} then cases.last_reply_at else cases.last_customer_message_at end`
            : sql`cases.last_customer_message_at`
        } > coalesce(seen.read_at, '-infinity'), false)`.as('unread'),
      ])
  );
}

/** The fields every case list shows, from a `caseListRows` row. */
export function caseListItem(
  r: Omit<CaseListItem, 'id' | 'customerName' | 'openedAt'> & {
    case_id: string;
    customer_name: string;
    opened_at: Date;
  },
): CaseListItem {
  const {
    case_id: id,
    number,
    kind,
    severity,
    state,
    customer,
    customer_name: customerName,
    serial,
    subject,
    opened_at: openedAt,
    unread,
  } = r;
  return { id, number, kind, severity, state, customer, customerName, serial, subject, openedAt, unread };
}

/** Up to this many search matches are read by id; more are filtered while walking the queue's index. */
export const FEW = 2000;

const NO_DEADLINE = 253402300799; // 9999-12-31: cases without a running deadline sort last

/** Resolved and closed cases are reached by naming the state; the queue otherwise lists open cases. */
const DONE_STATES = ['resolved', 'closed'];

/** How many open cases, from where the page starts, are looked at before asking the GIN index. */
const HEAD = 500;

/**
 * Whether the words are so common in the open cases that the page's rows are all among the next
 * `size` (HEAD) cases of the queue from where the page starts (more than a page of them match
 * there): then the page walks the risk index, reading no more than those, where a GIN index first
 * lists every match (the 99,989 open cases holding "进展": 93 ms to list, 128 ms with 2,001 of them
 * read). Asked only without the filters that take other indexes (severity, assignee, product,
 * territory, party, breach), for which the next cases in risk order do not speak.
 */
async function commonAtTheHead(
  deps: AppDeps,
  actor: Actor,
  filter: QueueFilter,
  matches: RawBuilder<boolean>,
  after: string[] | undefined,
  size: number,
): Promise<boolean> {
  if (
    size <= filter.limit ||
    filter.severity ||
    filter.assignee ||
    filter.product ||
    filter.territory ||
    filter.party ||
    filter.breached !== undefined
  )
    return false;
  let head = visibleCases(deps.db, actor)
    .select(['cases.search_doc'])
    .where('cases.state', 'not in', DONE_STATES as never[]);
  if (filter.state) head = head.where('cases.state', '=', filter.state as never);
  if (after)
    head = head.where(sql<boolean>`(cases.risk_due_at, cases.case_id) > (${Number(after[0])}, ${after[1]})`);
  const seen = await deps.db
    .selectFrom(head.orderBy('cases.risk_due_at').orderBy('cases.case_id').limit(size).as('cases'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(matches)
    .executeTakeFirstOrThrow();
  return Number(seen.n) > filter.limit;
}

/**
 * Open cases, most at risk first: by the nearest deadline among their running clocks (on one
 * calendar, less remaining business time is exactly an earlier deadline), kept on the case row as
 * `risk_due_at` by a trigger on its clocks. Paged by keyset on (risk_due_at, case_id): each page
 * reads its rows from a partial index of the open cases (`cases_queue`, or the one of the filter:
 * state, severity, assignee, customer or partner), never sorting the open cases.
 */
export async function listCaseQueue(
  deps: AppDeps,
  actor: Actor,
  filter: QueueFilter,
  /** Where many matches start, and how many open cases are looked at first (tests reach every way). */
  tuning: { few?: number; head?: number } = {},
): Promise<Page<QueueItem>> {
  const { few = FEW, head = HEAD } = tuning;
  const after = decodeCursor(filter.cursor, ['integer', 'uuid']);
  const now = Math.floor(deps.now().getTime() / 1000);
  const breached = breachedBy(now);
  const done = filter.state !== undefined && DONE_STATES.includes(filter.state);
  let query = caseListRows(deps, actor).select(['cases.risk_due_at as risk', breached.as('breached')]);
  if (!done) query = query.where('cases.state', 'not in', ['resolved', 'closed']);
  if (filter.state) query = query.where('cases.state', '=', filter.state as never);
  if (filter.q !== undefined) {
    const words = searchQuery(filter.q);
    if (!words) return { items: [] };
    const matches = sql<boolean>`cases.search_doc @@ to_tsquery('simple', ${words})`;
    // The same match written as a CASE: the planner takes an expression it cannot estimate as true
    // for half the rows and walks the risk index, stopping at the page's end. Written plainly it is
    // estimated as rare (it guessed 287 cases for two common English words matching 120,331), so
    // the planner fetched every match through the GIN index, joined each to its customer and unit
    // and sorted them all by risk for 51 rows (2.4 s for the 16,727 open ones at 100,000 open).
    const walked = sql<boolean>`case when ${matches} then true else false end`;
    if (!done && (await commonAtTheHead(deps, actor, filter, matches, after, head)))
      query = query.where(walked);
    else {
      // Asked through a GIN index, at most `few`, among the cases the page may list: for the queue
      // the open cases (or those of the open state named), through the index of the open cases'
      // documents (migration 0042), which holds none of the years of resolved and closed cases.
      // Few matches are read by their ids and sorted (a rare word must not walk every open case);
      // many are met while walking the queue's risk index: with `few` or more among the open
      // cases, a page of 50 is within about 50 × open/few rows of it.
      let probe = deps.db.selectFrom('cases').select('case_id').where('tenant_id', '=', actor.tenantId);
      if (!done) probe = probe.where('state', 'not in', DONE_STATES as never[]);
      if (filter.state && !done) probe = probe.where('state', '=', filter.state as never);
      const found = await probe
        .where(matches)
        .limit(few + 1)
        .execute();
      if (found.length === 0) return { items: [] };
      query =
        found.length <= few
          ? query.where(
              'cases.case_id',
              'in',
              found.map((r) => r.case_id),
            )
          : query.where(done ? matches : walked);
    }
  }
  if (filter.severity) query = query.where('cases.severity', '=', filter.severity as never);
  if (filter.assignee) query = query.where('cases.assigned_user_id', '=', filter.assignee);
  if (filter.product) {
    const model = filter.product;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('products as p')
          .select(sql.lit(1).as('one'))
          .whereRef('p.tenant_id', '=', 'units.tenant_id')
          .whereRef('p.product_id', '=', 'units.product_id')
          .where('p.model', '=', model),
      ),
    );
  }
  if (filter.territory) {
    const t = filter.territory;
    query = query.where((eb) =>
      eb.or([eb('units.territory', '=', t), eb('units.territory', 'like', `${t}-%`)]),
    );
  }
  if (filter.party) {
    // The key named once (one indexed read), then the case's own columns: served by the
    // customer's and the partner's queue indexes.
    const party = await deps.db
      .selectFrom('parties')
      .select('party_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('key', '=', filter.party)
      .executeTakeFirst();
    if (!party) return { items: [] };
    const id = party.party_id;
    query = query.where((eb) =>
      eb.or([eb('cases.customer_party_id', '=', id), eb('cases.service_party_id', '=', id)]),
    );
  }
  if (filter.breached !== undefined)
    query = query.where(filter.breached ? breached : sql<boolean>`not ${breached}`);
  if (after && done) query = query.where('cases.case_id', '<', after[1]!);
  else if (after) {
    const [r, id] = [Number(after[0]), after[1]!];
    query = query.where(sql<boolean>`(cases.risk_due_at, cases.case_id) > (${r}, ${id})`);
  }
  // Resolved and closed cases newest first (ids are time-ordered, UUIDv7): `cases_done_by_state`.
  const ordered = done
    ? query.orderBy('cases.case_id', 'desc')
    : query.orderBy('cases.risk_due_at').orderBy('cases.case_id');
  const rows = await ordered.limit(filter.limit + 1).execute();
  const nextTargets = new Map<string, string>();
  const page = rows.slice(0, filter.limit);
  if (page.length > 0) {
    const clocks = await deps.db
      .selectFrom('case_clocks')
      .select(['case_id', 'target', 'due_at'])
      .where('tenant_id', '=', actor.tenantId)
      .where(
        'case_id',
        'in',
        page.map((r) => r.case_id),
      )
      .where('stopped_at', 'is', null)
      .where('status', '=', 'running')
      .orderBy('due_at')
      .execute();
    for (const c of clocks) if (!nextTargets.has(c.case_id)) nextTargets.set(c.case_id, c.target);
  }
  const items = page.map((r) => ({
    ...caseListItem(r),
    nextDueAt: Number(r.risk) === NO_DEADLINE ? null : new Date(Number(r.risk) * 1000).toISOString(),
    nextTarget: nextTargets.get(r.case_id) ?? null,
    breached: Boolean(r.breached),
  }));
  return pageOf(rows, filter.limit, items, (r) => [String(r.risk), r.case_id]);
}

/**
 * The entitlement decision: is this failure of this unit covered, by which clause, with which
 * remedy, and who bears each cost. "Not covered" is an answer with its reasons, not an error.
 *
 * Which version of an agreement applies is decided by the date of the event, never today:
 * - the customer's warranty: the version in force on the day the unit was sold (failing that,
 *   delivered or installed; when no version was in force then, the one in force on the day the
 *   failure was reported);
 * - the supplier's agreement: the version in force when the part reached the brand (failing that,
 *   on the day of the report).
 * Cover runs from its start date up to, not including, its end date (start + duration): a failure
 * reported on the end date is outside it. The report's date is the calendar date written in
 * `reported_at` (its own offset).
 */

import { addToDate, type Duration, duration as parseKnownDuration } from '../time/index.ts';
import { territoryWithin } from '../unit/index.ts';
import {
  type Agreement,
  type AgreementRef,
  COST_ITEMS,
  type CostBearer,
  type CostItem,
  type CostTable,
  CUSTOMER_FACING,
  type Remedy,
  type Role,
  refOf,
  type StartEvent,
  versionsInForce,
} from './agreement.ts';
import type { AccountState, FailureFacts, UnitFacts, UnitPartFacts } from './claim.ts';

/** Durations of validated terms are few and repeat: read each text once (a pure cache, no state that matters). */
const DURATIONS = new Map<string, Duration>();
function duration(text: string): Duration {
  let d = DURATIONS.get(text);
  if (!d) {
    d = parseKnownDuration(text);
    if (DURATIONS.size < 10_000) DURATIONS.set(text, d);
  }
  return d;
}

/**
 * The last day a cover that ends (exclusively) on `end` covers. The one definition of a cover's
 * last day: every page, reply, command and dossier says "covered through" this day.
 */
export function lastCoveredDay(end: string): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Each exclusive cover end as the last day covered. */
export function coveredThrough(ends: Readonly<Record<string, string | null>>): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(ends).map(([k, end]) => [k, end === null ? null : lastCoveredDay(end)]),
  );
}

export interface EntitlementInput {
  /** Every known version of every agreement; the rule picks the ones in force at the event. */
  agreements: readonly Agreement[];
  unit: UnitFacts;
  failure: FailureFacts;
  account?: AccountState;
}

export type DecisionReason =
  | 'covered'
  | 'no_agreement'
  | 'part_not_covered'
  | 'cause_excluded'
  | 'cause_not_covered'
  | 'start_unknown'
  | 'expired'
  | 'condition_unmet'
  | 'suspended'
  | 'not_in_force';

export interface Citation {
  agreement: string;
  version: number;
  ref: string;
  /** What the clause decided: `scope`, `cover`, `component`, `exclusion`, `costs`, ... */
  role: string;
}

/** A bearer resolved to a party key, or a split by distance with both sides resolved. */
export type ResolvedBearer = string | { bearer: string; up_to_km?: number; beyond?: string };

export interface CoverStart {
  date: string;
  /** The event the cover counts from; `contract` when a contract's own start date sets it. */
  basis: StartEvent | 'contract';
  /** True when the stated start was unknown and the fallback (`if_not_recorded`) was used. */
  fallback: boolean;
}

export interface RecoveryDecision {
  agreement: AgreementRef;
  supplier: string;
  part: string | null;
  cover_start: string | null;
  /** The date the supplier's cover ends (exclusive); claims must reach it before then. */
  until: string | null;
  /** The last day to report the defective part, when the supply terms set a window. */
  report_by: string | null;
  recoverable: boolean;
  reason: 'covered' | 'expired' | 'cause_not_covered' | 'cause_excluded' | 'start_unknown';
  cites: string[];
}

export interface EntitlementDecision {
  covered: boolean;
  suspended: boolean;
  suspension: { condition: string; beyond: string | null; ref: string } | null;
  reason: DecisionReason;
  explanation: { en: string; zh: string };
  remedy: Remedy | null;
  /** Each cost item's bearer: the agreement's party for the role (a group such as end-customers stays the group). */
  costs: Partial<Record<CostItem, ResolvedBearer>>;
  /** Who actually pays: as `costs`, but a recipient group is the unit's owner when known. */
  payers: Partial<Record<CostItem, ResolvedBearer>>;
  /** The clauses the answer rests on, by ref, decisive ones only (the claims' `cites`). */
  cites: string[];
  /** Every clause consulted, with its agreement and version. */
  rests_on: Citation[];
  agreement: AgreementRef | null;
  event_date: string;
  cover_start: CoverStart | null;
  /** End date (exclusive, internal) of the cover for each part category; `general` for the rest; null when not covered at all. */
  cover_ends: Record<string, string | null>;
  /** The last day covered (inclusive) for each part category, as people read it: "covered through …". */
  covered_through: Record<string, string | null>;
  recoverable_from_supplier: boolean;
  recovery: RecoveryDecision | null;
  /**
   * Every agreement that was considered for this unit and event (warranty, extended warranty,
   * service contract, statutory floor), what each decided alone, and what it contributed to the
   * answer: the primary one, one that contributed a cost item or cover, or none.
   */
  agreements: Contribution[];
}

/** Where a considered agreement comes from. */
export type CoverSource =
  /** A warranty by its scope, in the version in force when the unit was sold (delivered, installed). */
  | 'terms'
  /** A service contract with the unit's owner, in force on the event's date. */
  | 'owner_contract'
  /** A contract or plan sold to this serial, with its own start and end. */
  | 'unit_contract';

export interface Contribution {
  agreement: AgreementRef;
  kind: Agreement['kind'];
  title: string;
  source: CoverSource;
  /** The unit contract's own number, when attached to the serial. */
  reference: string | null;
  /** `primary`: the answer's remedy and cover start; `contributing`: covers too (cited, may bear costs); `none`. */
  role: 'primary' | 'contributing' | 'none';
  covered: boolean;
  reason: DecisionReason;
  cites: string[];
  covered_through: Record<string, string | null>;
  /** The cost items whose bearer in the answer comes from this agreement. */
  bears: CostItem[];
}

function startDate(unit: UnitFacts, event: StartEvent): string | undefined {
  switch (event) {
    case 'sale':
      return unit.sold_at;
    case 'delivery':
      return unit.delivered_at;
    case 'installation':
      return unit.installed_at;
    case 'registration':
      return unit.registered_at;
  }
}

function inScope(a: Agreement, unit: UnitFacts): boolean {
  const products = a.scope?.products;
  if (products && !products.includes(unit.product)) return false;
  const territory = a.scope?.territory;
  if (territory && !territory.some((area) => territoryWithin(unit.territory, area))) return false;
  return true;
}

/** The customer-facing agreement that governs the unit, in the version the event dates select. */
export function governingAgreement(agreements: readonly Agreement[], unit: UnitFacts, eventDate: string) {
  const pick = (date: string): Agreement | undefined => {
    const candidates = versionsInForce(agreements, date).filter(
      (a) => CUSTOMER_FACING.has(a.kind) && a.coverage && !a.sold_per_unit && inScope(a, unit),
    );
    candidates.sort(
      (x, y) =>
        Number(y.recipient === unit.owner) - Number(x.recipient === unit.owner) || x.id.localeCompare(y.id),
    );
    return candidates[0];
  };
  const termsDate = unit.sold_at ?? unit.delivered_at ?? unit.installed_at;
  return (termsDate ? pick(termsDate) : undefined) ?? pick(eventDate);
}

function resolveRole(a: Agreement, role: Role, payer: string | undefined): string {
  if (role === 'provider') return a.provider;
  return payer ?? a.recipient;
}

function resolveBearer(a: Agreement, bearer: CostBearer, owner: string | undefined): ResolvedBearer {
  if (typeof bearer === 'string') return resolveRole(a, bearer, owner);
  const out: { bearer: string; up_to_km?: number; beyond?: string } = {
    bearer: resolveRole(a, bearer.bearer, owner),
  };
  if (bearer.up_to_km !== undefined) out.up_to_km = bearer.up_to_km;
  if (bearer.beyond !== undefined) out.beyond = resolveRole(a, bearer.beyond, owner);
  return out;
}

function resolveCosts(
  a: Agreement,
  table: CostTable | undefined,
  owner: string | undefined,
): Partial<Record<CostItem, ResolvedBearer>> {
  const out: Partial<Record<CostItem, ResolvedBearer>> = {};
  for (const item of COST_ITEMS) {
    const bearer = table?.[item];
    if (bearer !== undefined) out[item] = resolveBearer(a, bearer, owner);
  }
  return out;
}

/** Every maintenance interval up to the event is within `every` (+ `grace`), counted from the cover start. */
export function maintenanceKept(
  from: string,
  maintained: readonly string[],
  eventDate: string,
  every: string,
  grace?: string,
): boolean {
  const interval = duration(every);
  const slack = grace ? duration(grace) : undefined;
  const dates = maintained.filter((d) => d >= from && d < eventDate).sort();
  let last = from;
  for (const next of [...dates, eventDate]) {
    let due = addToDate(last, interval);
    if (slack) due = addToDate(due, slack);
    if (next > due) return false;
    last = next;
  }
  return true;
}

function citeOf(ref: string | undefined, fallback: string): string {
  return ref ?? fallback;
}

const REASON_TEXT: Record<DecisionReason, { en: string; zh: string }> = {
  covered: { en: 'Covered.', zh: '在保修范围内。' },
  no_agreement: {
    en: 'No warranty or service contract in force covers this product in this territory.',
    zh: '没有有效的保修或服务合同覆盖该产品在该地区。',
  },
  part_not_covered: { en: 'This part category is not covered.', zh: '该部件类别不在保修范围内。' },
  cause_excluded: { en: 'The cause of the failure is excluded.', zh: '故障原因属于除外责任。' },
  cause_not_covered: {
    en: 'The cause of the failure is not among the covered causes.',
    zh: '故障原因不在保修范围所列原因之内。',
  },
  start_unknown: {
    en: 'The date the cover starts from is not recorded and the terms give no fallback.',
    zh: '保修起算日期未记录，且条款未规定替代起算日。',
  },
  expired: { en: 'The cover had ended when the failure was reported.', zh: '报修时保修期已届满。' },
  condition_unmet: {
    en: 'A condition of the cover (maintenance interval) was not kept: the cover is suspended until it is.',
    zh: '未满足保修条件（保养周期）：在补做之前保修暂停。',
  },
  suspended: {
    en: 'The cover exists but is suspended while the condition stands.',
    zh: '保修存在，但在该情形持续期间暂停。',
  },
  not_in_force: {
    en: 'The contract had not started when the failure was reported.',
    zh: '报修时该合同尚未生效。',
  },
};

/** A contract's own period: cover from `from` up to, not including, `to`. */
interface CoverWindow {
  from: string;
  to: string;
}

/** An exclusive end for a contract that states none: cover runs on. */
const OPEN_END = '9999-12-31';

/** The day after an inclusive last day (`effective_to`, `ends_on`): the exclusive end. */
function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function baseDecision(eventDate: string): EntitlementDecision {
  return {
    covered: false,
    suspended: false,
    suspension: null,
    reason: 'no_agreement',
    explanation: REASON_TEXT.no_agreement,
    remedy: null,
    costs: {},
    payers: {},
    cites: [],
    rests_on: [],
    agreement: null,
    event_date: eventDate,
    cover_start: null,
    cover_ends: {},
    covered_through: {},
    recoverable_from_supplier: false,
    recovery: null,
    agreements: [],
  };
}

/** One agreement to decide by, with the contract period that bounds it, if any. */
interface Candidate {
  agreement: Agreement;
  source: CoverSource;
  window: CoverWindow | null;
  reference: string | null;
}

/**
 * Every agreement that may cover this unit on the event's date, in the order of precedence for
 * ties: the warranties by scope (the version in force at the sale, as always), then the service
 * contracts with the unit's owner in force on the event's date, then the contracts and plans sold
 * to the serial.
 */
export function coverCandidates(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  eventDate: string,
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate) => {
    const key = `${c.agreement.id}|${c.reference ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const byTerms = (date: string) =>
    versionsInForce(agreements, date)
      .filter((a) => a.kind === 'warranty' && a.coverage && !a.sold_per_unit && inScope(a, unit))
      .sort(
        (x, y) =>
          Number(y.recipient === unit.owner) - Number(x.recipient === unit.owner) || x.id.localeCompare(y.id),
      );
  const termsDate = unit.sold_at ?? unit.delivered_at ?? unit.installed_at;
  let warranties = termsDate ? byTerms(termsDate) : [];
  if (warranties.length === 0) warranties = byTerms(eventDate);
  for (const a of warranties) add({ agreement: a, source: 'terms', window: null, reference: null });
  for (const c of contractCandidates(agreements, unit, eventDate, (a) => Boolean(a.coverage))) add(c);
  return out;
}

/**
 * The contracts of a unit, in the order of precedence: the service contracts with the unit's owner
 * in force on the event's date (in scope, not sold per unit), then the contracts and plans sold to
 * the serial, each bounded by its own start and end and the agreement's `effective_to`. `wanted`
 * says which agreements count (those with a coverage clause for cover, those with service levels
 * for the clocks). The window is not checked against the event's date here: a decision reports a
 * contract not yet in force.
 */
function contractCandidates(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  eventDate: string,
  wanted: (a: Agreement) => boolean,
): (Candidate & { window: CoverWindow })[] {
  const out: (Candidate & { window: CoverWindow })[] = [];
  for (const a of versionsInForce(agreements, eventDate)) {
    if (a.kind !== 'service_contract' || !wanted(a) || a.sold_per_unit) continue;
    if (unit.owner === undefined || a.recipient !== unit.owner || !inScope(a, unit)) continue;
    const to = a.effective_to ? dayAfter(a.effective_to) : OPEN_END;
    out.push({
      agreement: a,
      source: 'owner_contract',
      window: { from: a.effective_from, to },
      reference: null,
    });
  }
  for (const sold of unit.contracts ?? []) {
    const versions = agreements.filter((a) => a.id === sold.agreement && CUSTOMER_FACING.has(a.kind));
    const a =
      versionsInForce(versions, eventDate)[0] ??
      versionsInForce(versions, sold.starts_on)[0] ??
      [...versions].sort((x, y) => y.version - x.version)[0];
    if (!a || !wanted(a)) continue;
    let to = dayAfter(sold.ends_on);
    if (a.effective_to && dayAfter(a.effective_to) < to) to = dayAfter(a.effective_to);
    out.push({
      agreement: a,
      source: 'unit_contract',
      window: { from: sold.starts_on, to },
      reference: sold.reference ?? null,
    });
  }
  return out;
}

/** A contract whose service levels hold a unit's cases on a day, and where it comes from. */
export interface LevelsContract {
  agreement: Agreement;
  source: Exclude<CoverSource, 'terms'>;
  /** The unit contract's own number, when sold to the serial. */
  reference: string | null;
}

/**
 * The contracts whose service levels hold this unit's cases on `eventDate`: the service contracts
 * with its owner and the contracts and plans sold to its serial (as for cover) that state service
 * levels and run on that day (from their start through the earlier of their end and the
 * agreement's `effective_to`), in the order of precedence for cover. A contract need not cover
 * any failure to promise service levels (a pure response contract counts).
 */
export function levelsContracts(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  eventDate: string,
): LevelsContract[] {
  const seen = new Set<string>();
  return contractCandidates(agreements, unit, eventDate, (a) => (a.service_levels?.length ?? 0) > 0)
    .filter((c) => c.window.from <= eventDate && eventDate < c.window.to)
    .filter((c) => {
      // The same agreement sold twice to a serial promises the same levels once.
      const key = `${c.agreement.id}@${c.agreement.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((c) => ({
      agreement: c.agreement,
      source: c.source as LevelsContract['source'],
      reference: c.reference,
    }));
}

/** How much of a cost item an agreement puts on its provider: all, part (split by distance), none. */
function providerShare(bearer: CostBearer | undefined): number {
  if (bearer === undefined) return -1;
  if (typeof bearer === 'string') return bearer === 'provider' ? 2 : 0;
  return bearer.bearer === 'provider' || bearer.beyond === 'provider' ? 1 : 0;
}

/**
 * Decides entitlement. Pure: the same input gives the same answer on any day.
 *
 * Cover adds up: every agreement that may cover the unit (`coverCandidates`) is decided alone,
 * then combined by one rule, the most favourable to the customer for each cost item:
 * - the failure is covered when any agreement covers it;
 * - each cost item is borne as the covering agreement that puts most of it on its provider says
 *   (provider, then a split by distance, then the customer); ties go to the primary agreement;
 * - the primary agreement (remedy, cover start, supplier recovery) is the covering one that puts
 *   the most cost items on its provider, ties in the order of `coverCandidates`; a remedy the law
 *   or terms force (replacement after repeat failures or within the replacement window) from any
 *   covering agreement wins over a plain repair;
 * - the cover's end for each part category is the latest any agreement gives;
 * - when none covers, the answer is the first suspended one, else the first by precedence (the
 *   warranty), as before contracts were combined;
 * - every covering agreement's decisive clauses are cited, the primary's first.
 */
export function decideEntitlement(input: EntitlementInput): EntitlementDecision {
  const eventDate = input.failure.reported_at.slice(0, 10);
  const candidates = coverCandidates(input.agreements, input.unit, eventDate);
  if (candidates.length === 0) return baseDecision(eventDate);
  const decided = candidates.map((c) => ({ c, d: decideUnder(input, c.agreement, eventDate, c.window) }));
  const covering = decided.filter((x) => x.d.covered);
  const inWarranty = (x: (typeof decided)[number]) => x.c.agreement.costs?.in_warranty;
  const score = (x: (typeof decided)[number]) =>
    COST_ITEMS.reduce((sum, item) => sum + Math.max(0, providerShare(inWarranty(x)?.[item])), 0);
  let primary: (typeof decided)[number];
  if (covering.length > 0) {
    primary = covering.reduce((best, x) => (score(x) > score(best) ? x : best));
  } else {
    primary = decided.find((x) => x.d.suspended) ?? decided[0]!;
  }
  const bears = new Map<(typeof decided)[number], CostItem[]>();
  const costs: Partial<Record<CostItem, ResolvedBearer>> = { ...primary.d.costs };
  const payers: Partial<Record<CostItem, ResolvedBearer>> = { ...primary.d.payers };
  const restsOn: Citation[] = decided.flatMap((x) => x.d.rests_on);
  if (covering.length > 0) {
    const ordered = [primary, ...covering.filter((x) => x !== primary)];
    for (const item of COST_ITEMS) {
      let best: (typeof decided)[number] | undefined;
      for (const x of ordered) {
        if (providerShare(inWarranty(x)?.[item]) > providerShare(best ? inWarranty(best)?.[item] : undefined))
          best = x;
      }
      if (!best || inWarranty(best)?.[item] === undefined) continue;
      if (best.d.costs[item] !== undefined) costs[item] = best.d.costs[item];
      if (best.d.payers[item] !== undefined) payers[item] = best.d.payers[item];
      bears.set(best, [...(bears.get(best) ?? []), item]);
    }
  } else {
    bears.set(
      primary,
      COST_ITEMS.filter((item) => primary.d.costs[item] !== undefined),
    );
  }
  let remedy = primary.d.remedy;
  const forcedRoles = new Set(['repeat_failure', 'replacement_window']);
  if (covering.length > 0 && !primary.d.rests_on.some((r) => forcedRoles.has(r.role))) {
    const forced = covering.find((x) => x.d.rests_on.some((r) => forcedRoles.has(r.role)));
    if (forced) remedy = forced.d.remedy;
  }
  const cites =
    covering.length > 0
      ? [primary, ...covering.filter((x) => x !== primary)].flatMap((x) => x.d.cites)
      : primary.d.cites;
  const coverEnds: Record<string, string | null> = {};
  const keys = new Set(decided.flatMap((x) => Object.keys(x.d.cover_ends)));
  for (const key of keys) {
    let latest: string | null = null;
    for (const x of decided) {
      const end = key in x.d.cover_ends ? x.d.cover_ends[key]! : (x.d.cover_ends.general ?? null);
      if (end !== null && (latest === null || end > latest)) latest = end;
    }
    coverEnds[key] = latest;
  }
  const contributions: Contribution[] = decided.map((x) => ({
    agreement: refOf(x.c.agreement),
    kind: x.c.agreement.kind,
    title: x.c.agreement.title,
    source: x.c.source,
    reference: x.c.reference,
    role: x === primary ? 'primary' : x.d.covered && covering.length > 0 ? 'contributing' : 'none',
    covered: x.d.covered,
    reason: x.d.reason,
    cites: x.d.cites,
    covered_through: x.d.covered_through,
    bears: bears.get(x) ?? [],
  }));
  return {
    ...primary.d,
    remedy,
    costs,
    payers,
    cites,
    rests_on: restsOn,
    cover_ends: coverEnds,
    covered_through: coveredThrough(coverEnds),
    agreements: contributions,
  };
}

/** The decision of one agreement alone, within a contract's period when it has one. */
function decideUnder(
  input: EntitlementInput,
  a: Agreement,
  eventDate: string,
  window: CoverWindow | null,
): EntitlementDecision {
  const { unit, failure } = input;
  const account = input.account ?? {};
  const base = baseDecision(eventDate);
  if (!a.coverage) return base;
  const c = a.coverage;
  const restsOn: Citation[] = [];
  const cite = (ref: string, role: string) => {
    restsOn.push({ agreement: a.id, version: a.version, ref, role });
    return ref;
  };
  if (a.scope?.ref) cite(a.scope.ref, 'scope');
  const coverRef = citeOf(c.ref, 'coverage');

  // When the cover starts, for the general cover and for each component.
  let start: CoverStart | null = null as CoverStart | null;
  if (c.starts_at) {
    const stated = startDate(unit, c.starts_at);
    if (stated) start = { date: stated, basis: c.starts_at, fallback: false };
    else if (c.if_not_recorded) {
      const fb = startDate(unit, c.if_not_recorded.starts_at);
      if (fb) {
        const plus = c.if_not_recorded.plus;
        start = {
          date: plus ? addToDate(fb, duration(plus)) : fb,
          basis: c.if_not_recorded.starts_at,
          fallback: true,
        };
      }
    }
  }
  const componentStart = (event: StartEvent | undefined): string | undefined =>
    event ? startDate(unit, event) : start?.date;
  // A contract's period bounds every end; a contract that states no length covers its period.
  const bound = (end: string | null): string | null =>
    window ? (end === null || end > window.to ? window.to : end) : end;
  const coverEnds: Record<string, string | null> = {};
  coverEnds.general = bound(start && c.duration ? addToDate(start.date, duration(c.duration)) : null);
  for (const comp of c.components ?? []) {
    const from = componentStart(comp.starts_at);
    const length = comp.duration ?? c.duration;
    coverEnds[comp.part_category] =
      comp.covered === false ? null : bound(!from || !length ? null : addToDate(from, duration(length)));
  }
  const countedFrom = start?.date;
  if (window && (!start || start.date < window.from)) {
    start = { date: window.from, basis: 'contract', fallback: false };
  }

  const component = c.components?.find((x) => x.part_category === failure.part_category);
  const componentIndex = c.components?.indexOf(component!) ?? -1;
  const componentRef = component
    ? citeOf(component.ref, `coverage.components[${componentIndex}]`)
    : undefined;
  const owner = unit.owner;

  const finish = (
    reason: DecisionReason,
    cites: string[],
    extra: Partial<EntitlementDecision> = {},
  ): EntitlementDecision => {
    const covered = reason === 'covered';
    const table = covered ? a.costs?.in_warranty : a.costs?.out_of_warranty;
    if (a.costs?.ref) cite(a.costs.ref, 'costs');
    return {
      ...base,
      covered,
      reason,
      explanation: REASON_TEXT[reason],
      costs: resolveCosts(a, table, undefined),
      payers: resolveCosts(a, table, owner),
      cites,
      rests_on: restsOn,
      agreement: refOf(a),
      cover_start: start,
      cover_ends: coverEnds,
      covered_through: coveredThrough(coverEnds),
      ...extra,
    };
  };

  if (component && component.covered === false) {
    return finish('part_not_covered', [cite(componentRef!, 'component')]);
  }
  const exclusion = c.excludes?.find((x) => x.cause === failure.cause);
  if (exclusion) {
    const i = c.excludes!.indexOf(exclusion);
    return finish('cause_excluded', [cite(citeOf(exclusion.ref, `coverage.excludes[${i}]`), 'exclusion')]);
  }
  if (c.covers && !c.covers.includes(failure.cause)) {
    return finish('cause_not_covered', [cite(coverRef, 'cover')]);
  }
  let from = component?.starts_at ? componentStart(component.starts_at) : countedFrom;
  const length = component?.duration ?? c.duration;
  const decisiveRef = component?.duration || component?.starts_at ? componentRef! : coverRef;
  if (window) {
    if (eventDate < window.from) return finish('not_in_force', [cite(coverRef, 'contract_period')]);
    const end = bound(from && length ? addToDate(from, duration(length)) : null)!;
    if (eventDate >= end) {
      return finish('expired', [cite(decisiveRef, component ? 'component' : 'contract_period')]);
    }
    if (!from || from < window.from) from = window.from;
  } else {
    if (!from || !length) {
      const ref = c.if_not_recorded?.ref ?? coverRef;
      return finish('start_unknown', [cite(ref, 'cover')]);
    }
    const end = addToDate(from, duration(length));
    if (eventDate >= end) {
      return finish('expired', [cite(decisiveRef, component ? 'component' : 'cover')]);
    }
  }
  for (const [i, condition] of (c.conditions ?? []).entries()) {
    if (condition.require !== 'maintenance_every' || !condition.every) continue;
    const kept = maintenanceKept(from, unit.maintained_at ?? [], eventDate, condition.every, condition.grace);
    const ref = citeOf(condition.ref, `coverage.conditions[${i}]`);
    // A missed maintenance suspends the cover until the unit is maintained again (issue 17):
    // not covered now, and the decision names the condition and its clause.
    if (!kept)
      return finish('condition_unmet', [cite(ref, 'condition')], {
        suspended: true,
        suspension: { condition: condition.require, beyond: condition.grace ?? null, ref },
      });
    cite(ref, 'condition');
  }
  for (const [i, s] of (c.suspended_while ?? []).entries()) {
    const ref = citeOf(s.ref, `coverage.suspended_while[${i}]`);
    if (suspensionActive(s.condition, s.beyond, account)) {
      return finish('suspended', [cite(ref, 'suspension')], {
        suspended: true,
        suspension: { condition: s.condition, beyond: s.beyond ?? null, ref },
      });
    }
  }

  // Covered: the remedy, then who can be asked upstream.
  const cites = [cite(decisiveRef, component ? 'component' : 'cover')];
  if (start?.fallback && c.if_not_recorded?.ref && !component?.starts_at) {
    cites.push(cite(c.if_not_recorded.ref, 'start_fallback'));
  }
  let remedy: Remedy | null = c.remedy_order?.[0] ?? c.remedies?.[0] ?? null;
  const repeat = c.repeat_failure;
  if (repeat && (failure.previous_repairs ?? 0) >= repeat.after) {
    remedy = repeat.remedy;
    cites.push(cite(citeOf(repeat.ref, 'coverage.repeat_failure'), 'repeat_failure'));
  } else if (a.returns?.replacement_window) {
    const received = unit.delivered_at ?? unit.sold_at;
    if (received && eventDate < addToDate(received, duration(a.returns.replacement_window))) {
      remedy = 'replace';
      cites.push(cite(citeOf(a.returns.ref, 'returns.replacement_window'), 'replacement_window'));
    }
  }
  const recovery = decideRecovery(input.agreements, a, unit, failure, eventDate);
  return finish('covered', cites, {
    remedy,
    recoverable_from_supplier: recovery?.recoverable ?? false,
    recovery,
  });
}

function suspensionActive(condition: string, beyond: string | undefined, account: AccountState): boolean {
  const limitDays = beyond ? daysOf(beyond) : 0;
  if (condition === 'payment_overdue') return (account.payment_overdue_days ?? 0) > limitDays;
  return account.conditions?.includes(condition) ?? false;
}

/** A duration as whole days for day counts (P30D = 30, P1M = 30, P1Y = 365). */
function daysOf(text: string): number {
  const d = duration(text);
  return (
    d.years * 365 +
    d.months * 30 +
    d.weeks * 7 +
    d.days +
    Math.ceil((d.hours * 3600 + d.minutes * 60 + d.seconds) / 86400)
  );
}

/** Can the brand pass the cost of this part to the supplier who sold it the part? */
export function decideRecovery(
  agreements: readonly Agreement[],
  warranty: Agreement,
  unit: UnitFacts,
  failure: FailureFacts,
  eventDate: string,
): RecoveryDecision | null {
  const part: UnitPartFacts | undefined = unit.parts?.find((p) => p.part_category === failure.part_category);
  if (!part) return null;
  const date = part.delivered_at ?? eventDate;
  const pick = (on: string) =>
    versionsInForce(agreements, on).find(
      (s) =>
        s.kind === 'supply' &&
        s.coverage &&
        s.recipient === warranty.provider &&
        (!part.supplied_by || s.provider === part.supplied_by) &&
        (!s.scope?.parts || (part.part !== undefined && s.scope.parts.includes(part.part))),
    );
  const supply = pick(date) ?? pick(eventDate);
  if (!supply?.coverage) return null;
  const sc = supply.coverage;
  const ref = citeOf(sc.ref, 'coverage');
  const out = (
    recoverable: boolean,
    reason: RecoveryDecision['reason'],
    start: string | null,
    until: string | null,
    cites: string[],
  ): RecoveryDecision => {
    const within = supply.returns?.defective_parts?.report_within;
    return {
      agreement: refOf(supply),
      supplier: supply.provider,
      part: part.part ?? null,
      cover_start: start,
      until,
      report_by: recoverable && within ? addToDate(eventDate, duration(within)) : null,
      recoverable,
      reason,
      cites,
    };
  };
  const exclusion = sc.excludes?.find((x) => x.cause === failure.cause);
  if (exclusion) return out(false, 'cause_excluded', null, null, [exclusion.ref ?? ref]);
  if (sc.covers && !sc.covers.includes(failure.cause))
    return out(false, 'cause_not_covered', null, null, [ref]);
  const basis = sc.starts_at ?? 'delivery';
  const start =
    basis === 'delivery' || basis === 'sale'
      ? part.delivered_at
      : basis === 'installation'
        ? unit.installed_at
        : unit.registered_at;
  if (!start || !sc.duration) return out(false, 'start_unknown', null, null, [ref]);
  const until = addToDate(start, duration(sc.duration));
  return eventDate < until
    ? out(true, 'covered', start, until, [ref])
    : out(false, 'expired', start, until, [ref]);
}

import { addToDate, duration } from '../time/index.ts';
import type { Agreement, AgreementRef } from './agreement.ts';
import { refOf } from './agreement.ts';
import type { UnitFacts } from './claim.ts';
import {
  type CoverStart,
  type DecisionReason,
  decideEntitlement,
  governingAgreement,
  lastCoveredDay,
} from './decide.ts';

/** One part category of a unit: covered until when, by which clause, or why not. */
export interface PartCover {
  partCategory: string;
  covered: boolean;
  reason: DecisionReason;
  /** The last day of cover (inclusive), when the part has cover at all. */
  lastDay: string | null;
  /** The clauses the answer rests on, decisive first. */
  refs: string[];
  explanation: { en: string; zh: string };
}

export interface ReturnWindow {
  /** The last day (inclusive) a return without reason may be asked for; null when the terms have none. */
  noReasonUntil: string | null;
  /** The last day a performance fault gives a replacement. */
  replacementUntil: string | null;
  /** The date the windows count from (delivery, else sale). */
  from: string | null;
  ref: string | null;
  /** What the customer must confirm to return (original packaging, proof of purchase). */
  conditions: string[];
}

export interface WarrantyOverview {
  serial: string;
  product: string;
  agreement: (AgreementRef & { title: string }) | null;
  coverStart: CoverStart | null;
  parts: PartCover[];
  /** Causes the terms never cover, with the clause that says so. */
  exclusions: { cause: string; ref: string | null }[];
  /** Conditions the cover depends on (maintenance, payment), with refs. */
  conditions: { condition: string; ref: string | null }[];
  returns: ReturnWindow | null;
  /**
   * Every agreement that gives the unit cover today (warranty, extended warranty, service
   * contract), with the last day each covers in general: the warranty check shows them all.
   */
  covers: {
    agreement: AgreementRef & { title: string };
    kind: string;
    source: string;
    reference: string | null;
    coveredThrough: string | null;
  }[];
}

/**
 * What a unit's warranty covers on `today`, part category by part category, decided by the same
 * rule as a case (a manufacturing defect reported today), so the page and a case never disagree.
 */
export function warrantyOverview(
  agreements: readonly Agreement[],
  unit: UnitFacts,
  partCategories: readonly string[],
  today: string,
): WarrantyOverview {
  const governing = governingAgreement(agreements, unit, today);
  const cause = governing?.coverage?.covers?.[0] ?? 'manufacturing_defect';
  const parts = partCategories.map((partCategory): PartCover => {
    const decision = decideEntitlement({
      agreements,
      unit,
      failure: { reported_at: `${today}T12:00:00Z`, part_category: partCategory, cause },
    });
    const end = decision.cover_ends[partCategory] ?? decision.cover_ends.general ?? null;
    const hasCover = decision.covered || decision.reason === 'expired';
    return {
      partCategory,
      covered: decision.covered,
      reason: decision.reason,
      lastDay: hasCover && end ? lastCoveredDay(end) : null,
      refs: decision.cites,
      explanation: decision.explanation,
    };
  });
  const coverage = governing?.coverage;
  const returns = governing?.returns;
  const from = unit.delivered_at ?? unit.sold_at ?? null;
  const windowEnd = (text: string | undefined) =>
    text && from ? lastCoveredDay(addToDate(from, duration(text))) : null;
  const first = decideEntitlement({
    agreements,
    unit,
    failure: { reported_at: `${today}T12:00:00Z`, part_category: partCategories[0] ?? 'general', cause },
  });
  return {
    serial: unit.serial,
    product: unit.product,
    agreement: governing ? { ...refOf(governing), title: governing.title } : null,
    coverStart: first.cover_start,
    parts,
    exclusions: (coverage?.excludes ?? []).map((e) => ({
      cause: e.cause,
      ref: e.ref ?? coverage?.ref ?? null,
    })),
    conditions: (coverage?.conditions ?? []).map((c) => ({
      condition: c.require,
      ref: c.ref ?? coverage?.ref ?? null,
    })),
    covers: first.agreements.map((a) => ({
      agreement: { ...a.agreement, title: a.title },
      kind: a.kind,
      source: a.source,
      reference: a.reference,
      coveredThrough: a.covered_through.general ?? null,
    })),
    returns: returns
      ? {
          noReasonUntil: windowEnd(returns.no_reason_window),
          replacementUntil: windowEnd(returns.replacement_window),
          from,
          ref: returns.ref ?? null,
          conditions: returns.conditions ?? [],
        }
      : null,
  };
}

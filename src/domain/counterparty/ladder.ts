import type { Label } from '../label.ts';
import type { Agreement } from '../terms/index.ts';
import { type CounterpartySide, LADDER_LEVELS, type LadderLevel, COUNTERPARTY_WORDS as W } from './labels.ts';

/** One person to contact at one level of a counterparty's ladder. */
export interface LadderContact {
  level: LadderLevel;
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  languages: string[];
}

/** When the agreement lets a level begin, with the clause it rests on, or the finding that it is silent. */
export interface LevelTrigger {
  level: LadderLevel;
  /** What must have happened on the record: the event the standing counts. */
  on: 'first_contact' | 'missed_commitment' | 'cure_expired' | 'never';
  mayBeginWhen: Label;
  agreement: string;
  ref: string | null;
  finding: Label | null;
}

const ESCALATING: ReadonlySet<string> = new Set(['supervisor', 'management']);

/**
 * The ladder's conditions, read from the counterparty's agreement: the service level at once;
 * management when the counterparty misses what it owes (a supplier's `support.response`, a
 * partner's service-level targets, or the `breached` rule of its escalation clause when it names
 * one); legal when a formal notice's cure period (`disputes.notice.cure_period`) runs out without
 * remedy. Where the agreement is silent the trigger says so as a finding.
 */
export function ladderTriggers(agreement: Agreement, side: CounterpartySide): LevelTrigger[] {
  const id = agreement.id;
  const first: LevelTrigger = {
    level: 'service_manager',
    on: 'first_contact',
    mayBeginWhen: W.firstContact,
    agreement: id,
    ref: (side === 'supplier' ? agreement.support?.ref : agreement.service_levels?.[0]?.ref) ?? null,
    finding: null,
  };

  const rule = agreement.escalation?.rules?.find((r) => ESCALATING.has(r.level) && r.when.breached);
  const support = agreement.support;
  const sl = agreement.service_levels?.[0];
  let management: LevelTrigger;
  if (rule?.when.breached && side === 'partner') {
    const ref = rule.ref ?? agreement.escalation?.ref ?? null;
    management = {
      level: 'management',
      on: 'missed_commitment',
      mayBeginWhen: W.ruleBreached(rule.when.breached, ref),
      agreement: id,
      ref,
      finding: null,
    };
  } else if (side === 'supplier' && support?.response) {
    const ref = support.ref ?? null;
    management = {
      level: 'management',
      on: 'missed_commitment',
      mayBeginWhen: W.missedResponse(
        support.response,
        support.clock === 'calendar' || !support.calendar ? 'calendar' : 'business',
        ref,
      ),
      agreement: id,
      ref,
      finding: agreement.escalation ? null : W.noEscalationClause(ref),
    };
  } else if (side === 'partner' && sl) {
    const ref = sl.ref ?? null;
    management = {
      level: 'management',
      on: 'missed_commitment',
      mayBeginWhen: W.missedCommitment(ref),
      agreement: id,
      ref,
      finding: agreement.escalation ? null : W.noEscalationClause(ref),
    };
  } else {
    management = {
      level: 'management',
      on: 'never',
      mayBeginWhen: W.noCommitment,
      agreement: id,
      ref: null,
      finding: W.noCommitment,
    };
  }

  const d = agreement.disputes;
  let legal: LevelTrigger;
  if (d?.notice?.cure_period) {
    const ref = d.notice.ref ?? d.ref ?? null;
    legal = {
      level: 'legal',
      on: 'cure_expired',
      mayBeginWhen: W.cureExpired(d.notice.cure_period, ref),
      agreement: id,
      ref,
      finding: null,
    };
  } else {
    const ref = d?.ref ?? null;
    legal = {
      level: 'legal',
      on: 'cure_expired',
      mayBeginWhen: W.cureExpiredSenderSet,
      agreement: id,
      ref,
      finding: d ? W.noCurePeriod(ref) : W.noDisputeClause,
    };
  }
  return [first, management, legal];
}

/** What the record holds about a counterparty, counted by the app from bounded reads. */
export interface StandingFacts {
  /** Requests raised with it (supplier requests; for a partner, cases assigned to it with commitment clocks). */
  requests: number;
  /** Missed commitments: a supplier's breached response clocks, a partner's breached commitment clocks. */
  missed: number;
  noticesSent: number;
  /** Notices whose cure period ran out without remedy, with when. */
  cureExpired: Array<{ number: string; at: string }>;
  matters: number;
}

export interface Standing {
  reached: LadderLevel | null;
  reachedBecause: Label;
  next: LadderLevel | null;
  nextMayBegin: boolean;
  because: Label;
  trigger: LevelTrigger | null;
  contactsNext: LadderContact[];
}

/**
 * Where the brand stands with a counterparty. A level is *reached* by the step taken at it (a
 * request at the service level, a formal notice at management, a dispute matter at legal); the
 * next level *may begin* once its trigger has happened on the record.
 */
export function ladderStanding(
  triggers: readonly LevelTrigger[],
  facts: StandingFacts,
  contacts: readonly LadderContact[],
): Standing {
  let reached: LadderLevel | null = null;
  let reachedBecause: Label = W.reachedNone;
  if (facts.matters > 0) {
    reached = 'legal';
    reachedBecause = W.reachedLegal(facts.matters);
  } else if (facts.noticesSent > 0) {
    reached = 'management';
    reachedBecause = W.reachedManagement(facts.noticesSent);
  } else if (facts.requests > 0 || facts.missed > 0) {
    reached = 'service_manager';
    reachedBecause = W.reachedServiceManager(facts.requests);
  }
  const next =
    reached === null ? LADDER_LEVELS[0]! : (LADDER_LEVELS[LADDER_LEVELS.indexOf(reached) + 1] ?? null);
  if (next === null) {
    return {
      reached,
      reachedBecause,
      next: null,
      nextMayBegin: false,
      because: W.topReached,
      trigger: null,
      contactsNext: [],
    };
  }
  const trigger = triggers.find((t) => t.level === next) ?? null;
  const happened =
    trigger?.on === 'first_contact'
      ? true
      : trigger?.on === 'missed_commitment'
        ? facts.missed > 0
        : trigger?.on === 'cure_expired'
          ? facts.cureExpired.length > 0
          : false;
  return {
    reached,
    reachedBecause,
    next,
    nextMayBegin: happened,
    because: happened ? W.mayBeginNow : W.notYet,
    trigger,
    contactsNext: contacts.filter((c) => c.level === next),
  };
}

import type { Label } from '../label.ts';
import type { Agreement } from '../terms/index.ts';
import { addToDate, duration } from '../time/index.ts';
import { DISPUTE_WORDS, type MatterStage } from './labels.ts';

/** What an agreement says about disputes, read from its `disputes` clause, or the finding that it is silent. */
export interface DisputeClause {
  agreement: string;
  version: number;
  ref: string | null;
  governingLaw: string | null;
  forum: { type: 'arbitration' | 'court'; institution: string | null; seat: string | null } | null;
  language: string[];
  cure: { period: string; ref: string | null } | null;
  findings: Array<{ code: 'no_forum' | 'no_cure_period'; ref: string | null; text: Label }>;
}

export function disputeClauseOf(agreement: Agreement): DisputeClause {
  const d = agreement.disputes;
  const ref = d?.ref ?? null;
  const forum = d?.forum
    ? {
        type: d.forum.type,
        institution: d.forum.institution ?? null,
        seat: d.forum.seat ?? d.forum.place ?? null,
      }
    : null;
  const cure = d?.notice?.cure_period ? { period: d.notice.cure_period, ref: d.notice.ref ?? ref } : null;
  const findings: DisputeClause['findings'] = [];
  if (!forum) findings.push({ code: 'no_forum', ref, text: DISPUTE_WORDS.noForum });
  if (!cure) findings.push({ code: 'no_cure_period', ref, text: DISPUTE_WORDS.noCurePeriod });
  return {
    agreement: agreement.id,
    version: agreement.version,
    ref,
    governingLaw: d?.governing_law ?? null,
    forum,
    language: d?.language ?? [],
    cure,
    findings,
  };
}

/**
 * A time limit a forum's rules set once a stage begins. Encoded: the CIETAC Arbitration Rules,
 * general and summary procedures (not the domestic procedure, nor other institutions). Checked
 * on 2 December 2026 against what could be read of the 2024 Rules (in force 1 January 2024):
 * the full 2024 text was not reachable here, so the periods rest on the 2015 Rules and on
 * CIETAC's own summary of the current rules (cietac-eu.org), and the 2015 article numbers are kept
 * with a note where the 2024 numbering is known to differ (README, "CIETAC rules check").
 * Calendar days (or months) from the day the respondent receives the notice of arbitration, or
 * from the tribunal's formation.
 */
export interface ForumDeadlineRule {
  key: string;
  institution: string;
  stage: MatterStage;
  period: string;
  from: 'stage_start' | 'tribunal_formed';
  cite: string;
  label: Label;
}

export const CIETAC_2024: readonly ForumDeadlineRule[] = [
  {
    key: 'cietac.arbitrator_nomination',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P15D',
    from: 'stage_start',
    cite: 'CIETAC Rules 2015 Art. 27(1); the 2024 article number is not verified',
    label: {
      en: 'Nominate an arbitrator (or entrust the Chairman) within 15 days of receiving the notice of arbitration',
      zh: '自收到仲裁通知之日起15日内选定或委托仲裁委员会主任指定仲裁员',
    },
  },
  {
    key: 'cietac.statement_of_defence',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P45D',
    from: 'stage_start',
    cite: 'CIETAC Rules 2015 Art. 15(1); the 2024 article number is not verified',
    label: {
      en: 'Respondent’s statement of defence within 45 days of receiving the notice of arbitration',
      zh: '被申请人自收到仲裁通知之日起45日内提交答辩书',
    },
  },
  {
    key: 'cietac.counterclaim',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P45D',
    from: 'stage_start',
    cite: 'CIETAC Rules 2015 Art. 16(1); the 2024 article number is not verified',
    label: {
      en: 'Respondent’s counterclaim within 45 days of receiving the notice of arbitration',
      zh: '被申请人自收到仲裁通知之日起45日内提出反请求',
    },
  },
  {
    key: 'cietac.award',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P6M',
    from: 'tribunal_formed',
    cite: 'CIETAC Rules 2015 Art. 48(1); in the 2024 Rules Art. 48 is third-party funding, so the number moved',
    label: {
      en: 'Award within 6 months of the tribunal’s formation (extendable by the Arbitration Court)',
      zh: '仲裁庭组成之日起6个月内作出裁决（仲裁院可延长）',
    },
  },
];

/**
 * The summary procedure: unless the parties agree otherwise, a dispute of at most RMB 5,000,000
 * (CIETAC's summary of its rules, https://www.cietac-eu.org/仲裁规则/ : defence and counterclaim
 * within 20 days of receiving the notice of arbitration, the award within 3 months of the
 * tribunal's formation). No arbitrator-nomination period is encoded for it: none was found cited.
 */
export const CIETAC_SUMMARY_LIMIT_CNY_MINOR = 500_000_000;
const SUMMARY_CITE =
  'CIETAC Rules, Summary Procedure (as summarised by CIETAC, cietac-eu.org); article not verified';
export const CIETAC_2024_SUMMARY: readonly ForumDeadlineRule[] = [
  {
    key: 'cietac.summary.statement_of_defence',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P20D',
    from: 'stage_start',
    cite: SUMMARY_CITE,
    label: {
      en: 'Summary procedure: respondent’s statement of defence within 20 days of receiving the notice of arbitration',
      zh: '简易程序：被申请人自收到仲裁通知之日起20日内提交答辩书',
    },
  },
  {
    key: 'cietac.summary.counterclaim',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P20D',
    from: 'stage_start',
    cite: SUMMARY_CITE,
    label: {
      en: 'Summary procedure: counterclaim within 20 days of receiving the notice of arbitration',
      zh: '简易程序：被申请人自收到仲裁通知之日起20日内提出反请求',
    },
  },
  {
    key: 'cietac.summary.award',
    institution: 'CIETAC',
    stage: 'arbitration',
    period: 'P3M',
    from: 'tribunal_formed',
    cite: SUMMARY_CITE,
    label: {
      en: 'Summary procedure: award within 3 months of the tribunal’s formation',
      zh: '简易程序：仲裁庭组成之日起3个月内作出裁决',
    },
  },
];

export interface ForumDeadline {
  key: string;
  dueOn: string | null;
  from: ForumDeadlineRule['from'];
  period: string;
  cite: string;
  label: Label;
}

/**
 * The deadlines the forum's rules set when a matter enters `stage` on `startedOn` (a local date).
 * A deadline counted from an event not yet recorded (the tribunal's formation) has no date yet.
 * A forum whose rules are not encoded gives none: the answer says which rules are encoded.
 */
export function forumDeadlines(
  clause: Pick<DisputeClause, 'forum'>,
  stage: MatterStage,
  startedOn: string,
  /** The amount in dispute (the claim), which decides CIETAC's summary procedure; unknown: general. */
  inDispute?: { minor: number; currency: string } | null,
): ForumDeadline[] {
  if (clause.forum?.institution !== 'CIETAC') return [];
  const summary =
    inDispute?.currency === 'CNY' && inDispute.minor > 0 && inDispute.minor <= CIETAC_SUMMARY_LIMIT_CNY_MINOR;
  return (summary ? CIETAC_2024_SUMMARY : CIETAC_2024)
    .filter((r) => r.stage === stage)
    .map((r) => ({
      key: r.key,
      dueOn: r.from === 'stage_start' ? addToDate(startedOn, duration(r.period)) : null,
      from: r.from,
      period: r.period,
      cite: r.cite,
      label: r.label,
    }));
}

const NEXT: Record<MatterStage, readonly MatterStage[]> = {
  negotiation: ['mediation', 'arbitration', 'litigation', 'settled', 'closed'],
  mediation: ['negotiation', 'arbitration', 'litigation', 'settled', 'closed'],
  arbitration: ['mediation', 'settled', 'closed'],
  litigation: ['mediation', 'settled', 'closed'],
  settled: ['closed'],
  closed: [],
};

/** Whether a matter may move from one stage to another; a court or arbitration after the other is refused. */
export function canMoveStage(from: MatterStage, to: MatterStage): boolean {
  return NEXT[from].includes(to);
}

export function stagesAfter(from: MatterStage): readonly MatterStage[] {
  return NEXT[from];
}

/** One ledger line a recovery claim is made of. */
export interface RecoveryLineFact {
  lineId: string;
  caseNumber: string | null;
  kind: string;
  amountMinor: number;
  currency: string;
  description: string;
}

export interface RecoveryClaim {
  currency: string;
  totalMinor: number;
  lines: Array<RecoveryLineFact & { basis: Label; ref: string | null }>;
  /** Ledger lines left out, with why (another currency, a kind that is not recovered). */
  excluded: Array<{ lineId: string; reason: Label }>;
}

/**
 * The amount claimed from a supplier: the parts and labour the brand bore on the linked cases,
 * as the ledger holds them. Parts rest on the supply agreement's coverage remedy (refund of the
 * part); labour is claimed as loss caused by the breach of the support duty (not a remedy the
 * coverage grants, so the computation names it as damages).
 */
export function recoveryClaim(supply: Agreement, lines: readonly RecoveryLineFact[]): RecoveryClaim {
  const currency = supply.currency ?? lines[0]?.currency ?? 'CNY';
  const coverRef = supply.coverage?.ref ?? null;
  const supportRef = supply.support?.ref ?? null;
  const out: RecoveryClaim = { currency, totalMinor: 0, lines: [], excluded: [] };
  for (const l of lines) {
    if (l.currency !== currency) {
      out.excluded.push({
        lineId: l.lineId,
        reason: { en: `in ${l.currency}, not ${currency}`, zh: `币种为 ${l.currency}，非 ${currency}` },
      });
      continue;
    }
    if (l.kind === 'parts') {
      out.lines.push({
        ...l,
        ref: coverRef,
        basis: {
          en: `Defective part: refund under the supplier's coverage${coverRef ? ` (${coverRef})` : ''}`,
          zh: `缺陷零件：按供应商质保条款退款${coverRef ? `（${coverRef}）` : ''}`,
        },
      });
    } else if (l.kind === 'labor' || l.kind === 'travel') {
      out.lines.push({
        ...l,
        ref: supportRef,
        basis: {
          en: `Labour and travel to replace it: loss from the breach${supportRef ? ` of ${supportRef}` : ''}`,
          zh: `更换所需人工及差旅：违约${supportRef ? `（${supportRef}）` : ''}造成的损失`,
        },
      });
    } else {
      out.excluded.push({
        lineId: l.lineId,
        reason: { en: `a ${l.kind} line is not claimed`, zh: `${l.kind} 类费用不予索赔` },
      });
      continue;
    }
    out.totalMinor += l.amountMinor;
  }
  return out;
}

/** A breached promise on a customer's case, as a credit counts it. */
export interface BreachFact {
  clockId: string;
  target: string;
  dueAt: string;
}

export interface ServiceCredits {
  agreement: string;
  ref: string | null;
  perBreachMinor: number;
  capMinor: number | null;
  /** Credits already booked for the period (from the ledger). */
  alreadyMinor: number;
  lines: Array<{ clockId: string; target: string; amountMinor: number }>;
  totalMinor: number;
  capped: boolean;
  finding: Label | null;
}

const percentOf = (minor: number, percent: number): number => {
  // Percent to hundredths, the product in BigInt, half up once.
  const hundredths = BigInt(Math.round(percent * 100));
  return Number((BigInt(minor) * hundredths + 5000n) / 10000n);
};

/**
 * The credits a customer earns for breached promises, by the customer agreement's service-level
 * `credits` (chiller §4.6: 2% of the annual fee per breach, at most 20% a year). The annual fee is
 * not in the terms: it is the contract's, given by the caller. No credits clause: none, saying so.
 */
export function serviceCredits(
  agreement: Agreement,
  annualFeeMinor: number,
  breaches: readonly BreachFact[],
  alreadyMinor: number,
): ServiceCredits {
  const sl = agreement.service_levels?.find((s) => s.credits);
  const credits = sl?.credits;
  const base = {
    agreement: agreement.id,
    ref: credits?.ref ?? sl?.ref ?? null,
    alreadyMinor,
    lines: [] as ServiceCredits['lines'],
    totalMinor: 0,
    capped: false,
  };
  const per = credits?.per_breach?.percent_of_annual_fee;
  if (!credits || per === undefined) {
    return {
      ...base,
      perBreachMinor: 0,
      capMinor: null,
      finding: {
        en: 'The agreement sets no service credits per breach.',
        zh: '协议未约定每次违约的服务抵扣。',
      },
    };
  }
  const perBreachMinor = percentOf(annualFeeMinor, per);
  const capPercent = credits.cap?.percent_of_annual_fee;
  const capMinor = capPercent === undefined ? null : percentOf(annualFeeMinor, capPercent);
  let room = capMinor === null ? Number.POSITIVE_INFINITY : Math.max(0, capMinor - alreadyMinor);
  let capped = false;
  for (const b of breaches) {
    const amount = Math.min(perBreachMinor, room);
    if (amount < perBreachMinor) capped = true;
    if (amount <= 0) continue;
    base.lines.push({ clockId: b.clockId, target: b.target, amountMinor: amount });
    base.totalMinor += amount;
    room -= amount;
  }
  return { ...base, perBreachMinor, capMinor, capped, finding: null };
}

/** The partner's penalty behind a customer credit, or the finding that none is owed. */
export interface BackToBack {
  agreement: string;
  ref: string | null;
  owed: boolean;
  lines: Array<{ clockId: string; target: string; amountMinor: number }>;
  totalMinor: number;
  finding: Label | null;
}

/**
 * Back to back: the partner owes a penalty only for its own breached commitments and only if its
 * agreement sets credits or penalties for them. FixIt §3 sets targets but no credits: none owed.
 */
export function backToBackPenalty(
  partner: Agreement,
  annualFeeMinor: number,
  partnerBreaches: readonly BreachFact[],
): BackToBack {
  const sl = partner.service_levels?.find((s) => s.credits) ?? partner.service_levels?.[0];
  const ref = sl?.credits?.ref ?? sl?.ref ?? null;
  if (!sl?.credits) {
    return {
      agreement: partner.id,
      ref,
      owed: false,
      lines: [],
      totalMinor: 0,
      finding: DISPUTE_WORDS.noPenaltyClause,
    };
  }
  if (partnerBreaches.length === 0) {
    return {
      agreement: partner.id,
      ref,
      owed: false,
      lines: [],
      totalMinor: 0,
      finding: DISPUTE_WORDS.partnerNotBreached,
    };
  }
  const c = serviceCredits(partner, annualFeeMinor, partnerBreaches, 0);
  return {
    agreement: partner.id,
    ref,
    owed: c.totalMinor > 0,
    lines: c.lines,
    totalMinor: c.totalMinor,
    finding: c.finding,
  };
}

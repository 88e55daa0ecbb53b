import type { Label, Labels } from '../label.ts';
import { TARGET_LABELS } from '../terms/labels.ts';
import { durationInWords } from '../time/labels.ts';

/** The rungs of a counterparty's escalation ladder, lowest first. */
export type LadderLevel = 'service_manager' | 'management' | 'legal';
export type CounterpartySide = 'supplier' | 'partner';
/** How a support response (or a partner's commitment) came out. */
export type ResponseOutcome = 'on_time' | 'late' | 'missed' | 'open';

export const LADDER_LEVEL_LABELS: Labels<LadderLevel> = {
  service_manager: { en: 'Service manager', zh: '服务经理' },
  management: { en: 'Management', zh: '管理层' },
  legal: { en: 'Legal', zh: '法务' },
};
export const LADDER_LEVELS = Object.keys(LADDER_LEVEL_LABELS) as LadderLevel[];

export const COUNTERPARTY_SIDE_LABELS: Labels<CounterpartySide> = {
  supplier: { en: 'Supplier', zh: '供应商' },
  partner: { en: 'Service partner', zh: '服务合作方' },
};

/** The figures of a scorecard, in the order the page shows them. */
export type FigureKey =
  | 'failures'
  | 'responsesOnTime'
  | 'responsesLate'
  | 'responsesMissed'
  | 'medianResponseHours'
  | 'commitmentsMet'
  | 'commitmentsMissed'
  | 'claims'
  | 'claimedMinor'
  | 'recoveredMinor'
  | 'recoveryRatePercent'
  | 'noticesSent'
  | 'openDisputes';

/** Whether more of a figure is better (`up`), worse (`down`), or neither. */
export const FIGURES: Record<FigureKey, { label: Label; better: 'up' | 'down' | 'none'; money?: true }> = {
  failures: { label: { en: 'Failures of its parts', zh: '其零件故障数' }, better: 'down' },
  responsesOnTime: { label: { en: 'Support responses on time', zh: '按时答复' }, better: 'up' },
  responsesLate: { label: { en: 'Support responses late', zh: '逾期答复' }, better: 'down' },
  responsesMissed: { label: { en: 'Support responses missed', zh: '未答复' }, better: 'down' },
  medianResponseHours: {
    label: { en: 'Median response time (hours)', zh: '答复时间中位数（小时）' },
    better: 'down',
  },
  commitmentsMet: { label: { en: 'Commitments met', zh: '承诺达成' }, better: 'up' },
  commitmentsMissed: { label: { en: 'Commitments missed', zh: '承诺未达成' }, better: 'down' },
  claims: { label: { en: 'Warranty claims filed', zh: '提交的保修索赔' }, better: 'none' },
  claimedMinor: { label: { en: 'Claimed from it', zh: '向其索赔金额' }, better: 'none', money: true },
  recoveredMinor: { label: { en: 'Recovered from it', zh: '已追回金额' }, better: 'up', money: true },
  recoveryRatePercent: { label: { en: 'Recovery rate (%)', zh: '追回率（%）' }, better: 'up' },
  noticesSent: { label: { en: 'Formal notices sent', zh: '发出的正式通知' }, better: 'down' },
  openDisputes: { label: { en: 'Open disputes', zh: '未结争议' }, better: 'down' },
};

export const COUNTERPARTY_WORDS = {
  firstContact: {
    en: 'At once: the first request goes to the service manager.',
    zh: '随时：首次请求发给服务经理。',
  },
  missedResponse: (period: string, clock: 'business' | 'calendar', ref: string | null) => {
    const d = durationInWords(period, clock);
    return {
      en: `When a support response due within ${d.en} is missed${ref ? ` (${ref})` : ''}.`,
      zh: `供应商未在 ${d.zh} 内答复时${ref ? `（${ref}）` : ''}。`,
    };
  },
  missedCommitment: (ref: string | null) => ({
    en: `When the partner misses a committed target${ref ? ` (${ref})` : ''}.`,
    zh: `合作方未达成承诺的服务目标时${ref ? `（${ref}）` : ''}。`,
  }),
  ruleBreached: (target: string, ref: string | null) => {
    const t = (TARGET_LABELS as Record<string, Label | undefined>)[target] ?? { en: target, zh: target };
    return {
      en: `When the ${t.en.toLowerCase()} commitment is breached${ref ? ` (${ref})` : ''}.`,
      zh: `${t.zh}承诺被违反时${ref ? `（${ref}）` : ''}。`,
    };
  },
  cureExpired: (period: string, ref: string | null) => {
    const d = durationInWords(period);
    return {
      en: `When a formal notice's cure period (${d.en}${ref ? `, ${ref}` : ''}) ends without remedy.`,
      zh: `正式通知的补救期（${d.zh}${ref ? `，${ref}` : ''}）届满仍未补救时。`,
    };
  },
  cureExpiredSenderSet: {
    en: "When a formal notice's cure period, as the sender set it, ends without remedy.",
    zh: '正式通知中发函方设定的补救期届满仍未补救时。',
  },
  noEscalationClause: (ref: string | null) => ({
    en: `The agreement has no escalation clause: the missed commitment${ref ? ` of ${ref}` : ''} is taken as the trigger.`,
    zh: `协议无升级条款：以${ref ? ` ${ref} ` : ''}承诺未达成作为升级条件。`,
  }),
  noCommitment: {
    en: 'The agreement sets no support response or service target: nothing in the terms lets management begin; it is the brand’s decision.',
    zh: '协议未约定答复时限或服务目标：条款中没有启动管理层升级的条件，由品牌方自行决定。',
  },
  noCurePeriod: (ref: string | null) => ({
    en: `The agreement names no cure period${ref ? ` (${ref})` : ''}: the period the sender set in its notice counts.`,
    zh: `协议未约定补救期${ref ? `（${ref}）` : ''}：以发函方在通知中设定的期限为准。`,
  }),
  noDisputeClause: {
    en: 'The agreement has no dispute clause: the terms say nothing about when legal steps may begin.',
    zh: '协议无争议条款：条款未说明何时可以采取法律措施。',
  },
  reachedNone: { en: 'Nothing has been raised with this counterparty.', zh: '尚未向该方提出任何事项。' },
  reachedServiceManager: (n: number) => ({
    en: `${n} request(s) raised with the service level.`,
    zh: `已向服务层级提出 ${n} 项请求。`,
  }),
  reachedManagement: (n: number) => ({
    en: `${n} formal notice(s) sent.`,
    zh: `已发出 ${n} 份正式通知。`,
  }),
  reachedLegal: (n: number) => ({
    en: `${n} dispute matter(s) opened.`,
    zh: `已立 ${n} 个争议案件。`,
  }),
  topReached: { en: 'The top of the ladder is reached.', zh: '已达到最高层级。' },
  mayBeginNow: { en: 'The terms let the next level begin now.', zh: '按条款，现在可以启动下一层级。' },
  notYet: { en: 'Not yet: the condition has not happened.', zh: '尚不可以：条件尚未发生。' },
} as const;

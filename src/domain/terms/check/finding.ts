/** What the terms check reports: findings with their clauses, texts in English and Chinese. */
import type { AgreementRef } from '../agreement.ts';

export type Severity = 'high' | 'medium' | 'low';
export type FindingGroup =
  | 'back_to_back'
  | 'upstream'
  | 'clocks'
  | 'wording'
  | 'cover'
  | 'statutory'
  | 'costs'
  | 'partners'
  | 'disputes'
  | 'escalation';

export interface Text {
  en: string;
  zh: string;
}

/**
 * Every finding the check can report, with the name people read for it. Codes are for programs
 * (stable, in the JSON report); summaries show the label.
 */
export const FINDING_CODES = {
  'sla.partner_slower': {
    en: 'Service partner slower than the customer promise',
    zh: '服务伙伴时限慢于对客户的承诺',
  },
  'sla.onsite_no_partner': {
    en: 'On-site promise with no partner on site',
    zh: '承诺上门服务但无服务伙伴上门',
  },
  'sla.clock_mismatch': {
    en: 'Partner counts time on another clock or calendar',
    zh: '服务伙伴的计时方式或日历不同',
  },
  'sla.no_clock': { en: 'Time limit with no clock or calendar', zh: '时限未规定计时方式或日历' },
  'sla.severity_without_targets': { en: 'Severity level with no targets', zh: '级别未设定时限' },
  'sla.no_default_levels': {
    en: 'No default service levels for requests without a unit',
    zh: '未规定无设备请求的默认服务时限',
  },
  'upstream.cover_longer': {
    en: "Customer cover longer than the supplier's",
    zh: '对客户的保修长于供应商的保修',
  },
  'upstream.cover_starts_later': {
    en: "Customer cover starts later than the supplier's",
    zh: '对客户的保修起算晚于供应商的保修',
  },
  'wording.vague': { en: 'Vague wording where a number is needed', zh: '含糊用语（此处应写明数字）' },
  'cover.none': { en: 'Warranty with no cover', zh: '保修协议没有保修范围' },
  'cover.no_start': { en: 'Cover start not stated', zh: '未规定保修起算点' },
  'cover.start_may_be_unknown': { en: 'Cover start may go unrecorded', zh: '保修起算日可能无记录' },
  'cover.open_exclusion': { en: 'Open-ended exclusion', zh: '开放式除外条款' },
  'cover.no_remedy': { en: 'No remedy named', zh: '未规定补救方式' },
  'cover.no_remedy_order': { en: 'No order of remedies', zh: '未规定补救方式的顺序' },
  'cover.no_repeat_failure_remedy': { en: 'Nothing for repeat failures', zh: '未规定重复故障的处理' },
  'cover.no_repair_warranty': { en: 'No warranty on repairs', zh: '维修没有保修' },
  'statutory.cn_returns_window': {
    en: "No-reason return window below China's 7 days",
    zh: '无理由退货期短于中国法定七日',
  },
  'statutory.cn_customers_unstated': {
    en: 'Return window under 7 days, customers not stated',
    zh: '退货期不足七日且未写明客户类型',
  },
  'statutory.cn_replacement_window': {
    en: "Replacement window below China's 15 days",
    zh: '换货期短于中国法定十五日',
  },
  'statutory.eu_two_years': { en: "Below the EU's two-year legal guarantee", zh: '短于欧盟两年法定保证期' },
  'statutory.spare_parts_period': {
    en: 'Spare parts kept for less than the market requires',
    zh: '备件供应期短于市场要求',
  },
  'costs.no_bearer': { en: 'Costs with nobody named to bear them', zh: '费用未规定承担方' },
  'duties.unmeasurable': { en: 'Partner duties with no measure', zh: '伙伴义务没有衡量标准' },
  'duties.no_reporting': { en: 'No duty to report on service', zh: '没有服务报告义务' },
  'returns.unmeasurable': { en: 'Returns with no window or decision time', zh: '退货条款没有期限或审批时限' },
  'claims.window_too_short': {
    en: 'Claim window too short for the work and the evidence',
    zh: '索赔期限不足以完成维修并收集证据',
  },
  'disputes.none': { en: 'No dispute clause', zh: '没有争议解决条款' },
  'disputes.no_governing_law': { en: 'No governing law', zh: '未规定适用法律' },
  'disputes.no_forum': { en: 'No forum for disputes', zh: '未规定争议解决机构' },
  'disputes.arbitration_incomplete': { en: 'Arbitration clause incomplete', zh: '仲裁条款不完整' },
  'disputes.court_unnamed': { en: 'Court not named', zh: '未指明法院' },
  'disputes.no_notice': { en: 'No notice form or cure period', zh: '未规定通知形式或补救期' },
  'sla.targets_contradict': {
    en: 'Targets that contradict each other',
    zh: '时限相互矛盾',
  },
  'sla.business_hours_read_as_wall_time': {
    en: 'Business hours a customer reads as clock hours',
    zh: '以工作小时计的时限易被客户理解为自然小时',
  },
  'credits.unfunded': {
    en: 'Service credits no partner funds',
    zh: '服务赔付无服务伙伴对应承担',
  },
  'liability.none': { en: 'No limitation of liability', zh: '没有责任限制条款' },
  'liability.consequential_open': {
    en: 'Consequential loss not excluded',
    zh: '未排除间接损失',
  },
  'cover.safety_suspended': {
    en: 'Safety-critical service stops for non-payment',
    zh: '欠款即停止安全关键设备的服务',
  },
  'statutory.cn_sanbao_whole': {
    en: "Whole-product cover below China's 三包 floor",
    zh: '整机保修期短于三包规定',
  },
  'statutory.cn_sanbao_main_parts': {
    en: "Main-part cover below China's 三包 floor",
    zh: '主要部件保修期短于三包规定',
  },
  'statutory.cn_sanbao_fault_refund': {
    en: 'No 7-day refund for a performance fault',
    zh: '未规定七日内性能故障退货',
  },
  'statutory.cn_sanbao_repair_time': {
    en: 'No repair time limit within the 三包 floor',
    zh: '未规定符合三包的维修时限',
  },
  'escalation.none': { en: 'No escalation', zh: '没有升级机制' },
  'escalation.missing_triggers': { en: 'Escalation triggers missing', zh: '缺少升级触发条件' },
} as const satisfies Record<string, Text>;

export type FindingCode = keyof typeof FINDING_CODES;

export interface Finding {
  code: FindingCode;
  /** The finding's name as people read it (FINDING_CODES). */
  label: Text;
  severity: Severity;
  group: FindingGroup;
  agreements: AgreementRef[];
  refs: { agreement: string; ref: string }[];
  message: Text;
  fix: Text;
  /** A promise not to make to customers until the service path is aligned. */
  caution?: Text;
  /** The facts behind the message, for programs (product, territories, shortfall, ...). */
  details?: Record<string, unknown>;
}

export interface EscalationTrigger {
  agreement: AgreementRef;
  ref: string | null;
  level: string;
  trigger: Text;
  act_within: string | null;
}

export interface EscalationOverview {
  agreement: AgreementRef;
  title: string;
  defined: EscalationTrigger[];
  /** Kinds of trigger a customer-facing or partner agreement lacks. */
  lacking: { kind: string; text: Text }[];
}

export interface CheckReport {
  agreements: (AgreementRef & { title: string; kind: string })[];
  findings: Finding[];
  counts: Record<Severity, number>;
  escalation: EscalationOverview[];
}

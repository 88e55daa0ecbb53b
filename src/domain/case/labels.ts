import type { Label } from '../label.ts';
import { TARGET_LABELS } from '../terms/labels.ts';
import { durationInWords } from '../time/labels.ts';

export const CASE_KIND_LABELS = {
  inquiry: { en: 'Question', zh: '咨询' },
  repair: { en: 'Repair', zh: '维修' },
  field_visit: { en: 'Visit on site', zh: '上门服务' },
  return: { en: 'Return', zh: '退换货' },
  complaint: { en: 'Complaint', zh: '投诉' },
  maintenance: { en: 'Planned maintenance', zh: '计划保养' },
} as const satisfies Record<string, Label>;

/** Most urgent first. */
export const SEVERITY_LABELS = {
  critical: { en: 'Critical', zh: '紧急' },
  high: { en: 'High', zh: '高' },
  normal: { en: 'Normal', zh: '一般' },
  low: { en: 'Low', zh: '低' },
} as const satisfies Record<string, Label>;

export const CASE_STATE_LABELS = {
  new: { en: 'New', zh: '新建' },
  in_progress: { en: 'In progress', zh: '处理中' },
  waiting_on_customer: { en: 'Waiting on the customer', zh: '等待客户答复' },
  resolved: { en: 'Resolved', zh: '已解决' },
  closed: { en: 'Closed', zh: '已关闭' },
} as const satisfies Record<string, Label>;

/** Which side of the service path a clock measures. */
export const CLOCK_SIDE_LABELS = {
  promise: { en: 'Promise to the customer', zh: '对客户的承诺' },
  commitment: { en: 'Partner commitment', zh: '服务伙伴的承诺' },
} as const satisfies Record<string, Label>;

export const CLOCK_STATUS_LABELS = {
  running: { en: 'Running', zh: '计时中' },
  paused: { en: 'Paused', zh: '已暂停' },
  met: { en: 'Met', zh: '已达成' },
  breached: { en: 'Breached', zh: '已超时' },
} as const satisfies Record<string, Label>;

export const ESCALATION_STATE_LABELS = {
  open: { en: 'Open', zh: '待处理' },
  acknowledged: { en: 'Acknowledged', zh: '已确认' },
  resolved: { en: 'Resolved', zh: '已解决' },
} as const satisfies Record<string, Label>;

/** What sets off an escalation: the conditions a rule's `when` names, and a person's decision. */
export const ESCALATION_TRIGGER_LABELS = {
  breached: { en: 'Target missed', zh: '时限超时' },
  repeat_failures: { en: 'Repeat failures', zh: '重复故障' },
  within: { en: 'within', zh: '期间' },
  batch_failure_rate: { en: 'Batch failure rate', zh: '批次故障率' },
  window: { en: 'over', zh: '统计期' },
  safety_issue: { en: 'Safety issue', zh: '安全问题' },
  customer_threatens: { en: 'Customer threatens', zh: '客户声称将' },
  complaints: { en: 'Complaints', zh: '投诉次数' },
  manual: { en: 'Escalated by hand', zh: '人工升级' },
  reason: { en: 'reason', zh: '原因' },
} as const satisfies Record<string, Label>;
export type EscalationTrigger = keyof typeof ESCALATION_TRIGGER_LABELS;

/** What a customer may threaten (`customer_threatens` in the terms). */
export const THREAT_LABELS = {
  legal_action: { en: 'legal action', zh: '提起诉讼' },
  regulator: { en: 'a complaint to the regulator', zh: '向监管部门投诉' },
  media: { en: 'going to the media', zh: '向媒体曝光' },
  social_media: { en: 'posting on social media', zh: '在社交媒体发布' },
} as const satisfies Record<string, Label>;

function words(table: Readonly<Record<string, Label>>, key: string): Label {
  const known = table[key];
  if (known) return known;
  const plain = key.replace(/[_.-]+/g, ' ');
  return { en: plain, zh: plain };
}

/**
 * An escalation's trigger in words, e.g. "Target missed: response" / "时限超时：响应";
 * "Repeat failures: 2 within 30 days". Durations read as words, never as ISO text.
 */
export function triggerInWords(trigger: Readonly<Record<string, unknown>>): Label {
  const en: string[] = [];
  const zh: string[] = [];
  const t = trigger;
  const period = (iso: unknown): Label | null =>
    typeof iso === 'string' ? durationInWords(iso, 'calendar') : null;
  if (typeof t.breached === 'string') {
    const target = words(TARGET_LABELS, t.breached);
    en.push(`Target missed: ${target.en}`);
    zh.push(`时限超时：${target.zh}`);
  }
  if (t.repeat_failures !== undefined) {
    const within = period(t.within);
    en.push(`Repeat failures: ${String(t.repeat_failures)}${within ? ` within ${within.en}` : ''}`);
    zh.push(`重复故障：${within ? `${within.zh}内 ` : ''}${String(t.repeat_failures)} 次`);
  }
  if (t.batch_failure_rate !== undefined) {
    const window = period(t.window);
    const rate = Number(t.batch_failure_rate);
    const percent = Number.isFinite(rate) ? `${Math.round(rate * 1000) / 10}%` : String(t.batch_failure_rate);
    en.push(`Batch failure rate: ${percent}${window ? ` over ${window.en}` : ''}`);
    zh.push(`批次故障率：${window ? `${window.zh}内 ` : ''}${percent}`);
  }
  if (t.safety_issue !== undefined) {
    en.push(t.safety_issue ? 'Safety issue' : 'No safety issue');
    zh.push(t.safety_issue ? '存在安全问题' : '无安全问题');
  }
  if (Array.isArray(t.customer_threatens)) {
    const threats = t.customer_threatens.map((x) => words(THREAT_LABELS, String(x)));
    en.push(`Customer threatens ${threats.map((x) => x.en).join(', ')}`);
    zh.push(`客户声称将${threats.map((x) => x.zh).join('、')}`);
  }
  const whose = (by: unknown): Label =>
    by === 'distributor'
      ? { en: ' through one distributor', zh: '同一经销商' }
      : by === 'partner'
        ? { en: ' about one service partner', zh: '同一服务伙伴' }
        : by === 'customer'
          ? { en: ' from one customer', zh: '同一客户' }
          : { en: '', zh: '' };
  if (t.complaints !== undefined) {
    const within = period(t.within);
    const by = whose(t.by);
    en.push(`Complaints${by.en}: ${String(t.complaints)}${within ? ` within ${within.en}` : ''}`);
    zh.push(`${by.zh}${within ? ` ${within.zh}内` : ''}投诉：${String(t.complaints)} 次`);
  }
  if (t.returns_over !== undefined) {
    const within = period(t.within);
    const by = whose(t.by);
    en.push(`Returns${by.en}: more than ${String(t.returns_over)}${within ? ` within ${within.en}` : ''}`);
    zh.push(`${by.zh}${within ? ` ${within.zh}内` : ''}退货超过 ${String(t.returns_over)} 件`);
  }
  if (t.claim_cost_over !== undefined) {
    const amount = Number(t.claim_cost_over).toLocaleString('en-US');
    en.push(`Cost of the claim above ${amount}`);
    zh.push(`索赔成本超过 ${amount}`);
  }
  if (t.partner_declines !== undefined) {
    const within = period(t.within);
    en.push(
      `Cases declined by the service partner: ${String(t.partner_declines)}${within ? ` within ${within.en}` : ''}`,
    );
    zh.push(`服务伙伴${within ? ` ${within.zh}内` : ''}拒绝服务单：${String(t.partner_declines)} 次`);
  }
  if (t.partner_missed !== undefined) {
    const within = period(t.within);
    en.push(
      `Targets missed by the service partner: ${String(t.partner_missed)}${within ? ` within ${within.en}` : ''}`,
    );
    zh.push(`服务伙伴${within ? ` ${within.zh}内` : ''}未达时限：${String(t.partner_missed)} 次`);
  }
  if (t.defective_parts_overdue !== undefined) {
    en.push(
      `Defective parts overdue for return from the service partner: ${String(t.defective_parts_overdue)}`,
    );
    zh.push(`服务伙伴逾期未退回的故障件：${String(t.defective_parts_overdue)} 件`);
  }
  if (t.payment_disputed !== undefined) {
    en.push(t.payment_disputed ? 'Payment disputed or withheld' : 'No payment dispute');
    zh.push(t.payment_disputed ? '发票有争议或拒付' : '无付款争议');
  }
  if (t.manual) {
    const reason = typeof t.reason === 'string' && t.reason ? t.reason : null;
    en.push(`Escalated by hand${reason ? `: ${reason}` : ''}`);
    zh.push(`人工升级${reason ? `：${reason}` : ''}`);
  }
  return { en: en.join('; '), zh: zh.join('；') };
}

/** How a case came in (the API sets `portal` or `api`; an agent names another): a closed vocabulary. */
export const CHANNEL_LABELS = {
  portal: { en: 'the portal', zh: '客户门户' },
  api: { en: 'the API', zh: '接口（API）' },
  phone: { en: 'phone', zh: '电话' },
  walk_in: { en: 'walk-in', zh: '到店' },
  email: { en: 'email', zh: '电子邮件' },
  console: { en: 'the console', zh: '服务控制台' },
  telemetry: { en: 'remote monitoring', zh: '远程监控' },
  maintenance_plan: { en: 'the maintenance plan', zh: '保养计划' },
} as const satisfies Record<string, Label>;

/** Who reads a message on a case. */
export const MESSAGE_VISIBILITY_LABELS = {
  public: { en: 'Reply to the customer', zh: '回复客户' },
  internal: { en: 'Note shared with the partner', zh: '与服务伙伴共享的备注' },
  brand: { en: 'Note for the brand only', zh: '仅品牌方可见的备注' },
} as const satisfies Record<string, Label>;

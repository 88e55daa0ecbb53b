import type { Label } from '../label.ts';

/** Every kind of notification the outbox carries, as people read it (preferences, webhooks, admin lists). */
export const NOTIFICATION_KIND_LABELS = {
  case_opened: { en: 'Case opened, with our promise', zh: '服务单已受理（含服务承诺）' },
  case_reply: { en: 'Reply on a case', zh: '服务单回复' },
  case_state_changed: { en: 'Case state changed', zh: '服务单状态变更' },
  sla_warning: { en: 'Service promise at risk', zh: '服务承诺即将到期' },
  sla_breached: { en: 'Service promise missed', zh: '服务承诺已逾期' },
  escalation_raised: { en: 'Case escalated', zh: '服务单已升级' },
  return_decided: { en: 'Return decision', zh: '退货审批结果' },
  claim_decided: { en: 'Claim decision', zh: '索赔审核结果' },
  deadline_warning: { en: 'Deadline near', zh: '期限将至' },
  deadline_breached: { en: 'Deadline missed', zh: '期限已过' },
  satisfaction_survey: { en: 'How did we do? (survey)', zh: '满意度调查' },
  appointment_confirmed: { en: 'Visit appointment confirmed', zh: '上门预约已确认' },
  appointment_reminder: { en: 'Visit appointment reminder', zh: '上门预约提醒' },
  maintenance_reminder: { en: 'Maintenance due soon', zh: '保养即将到期' },
  maintenance_warning: { en: 'Cover depends on maintenance', zh: '保修取决于按期保养' },
  formal_notice: { en: 'Formal notice (breach, complaint)', zh: '正式通知（违约、投诉）' },
  supplier_request: { en: 'Support request to a supplier', zh: '向供应商提出的支持请求' },
  quote_sent: { en: 'A quote to accept or decline', zh: '待确认的维修报价' },
  contract_renewal: { en: 'Your contract or plan ends soon (renewal)', zh: '合同或延保即将到期（续约）' },
} as const satisfies Record<string, Label>;

export type NotificationKind = keyof typeof NOTIFICATION_KIND_LABELS;

export const DELIVERY_STATE_LABELS = {
  queued: { en: 'Waiting to be sent', zh: '等待发送' },
  sending: { en: 'Being sent', zh: '发送中' },
  sent: { en: 'Sent', zh: '已发送' },
  failed: { en: 'Failed (gave up)', zh: '发送失败（已放弃）' },
} as const satisfies Record<string, Label>;

export const NOTIFICATION_CHANNEL_LABELS = {
  email: { en: 'By e-mail', zh: '电子邮件' },
  none: { en: 'Not at all', zh: '不通知' },
} as const satisfies Record<string, Label>;

export type NotificationChannel = keyof typeof NOTIFICATION_CHANNEL_LABELS;

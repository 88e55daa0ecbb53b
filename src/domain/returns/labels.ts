import type { Label } from '../label.ts';

export const RETURN_REASON_LABELS = {
  no_reason: { en: 'Return without a reason', zh: '无理由退货' },
  performance_fault: { en: 'Replacement for a fault', zh: '故障换货' },
  other: { en: 'Other reason', zh: '其他原因' },
} as const satisfies Record<string, Label>;

export const RETURN_STATE_LABELS = {
  requested: { en: 'Requested', zh: '已申请' },
  approved: { en: 'Approved', zh: '已批准' },
  rejected: { en: 'Not accepted', zh: '未获批准' },
  shipped: { en: 'On its way back', zh: '退回途中' },
  received: { en: 'Received', zh: '已收到' },
  closed: { en: 'Closed', zh: '已关闭' },
} as const satisfies Record<string, Label>;

/** What is done with a returned unit. */
export const DISPOSITION_LABELS = {
  repair: { en: 'Repair', zh: '维修' },
  replace: { en: 'Replace', zh: '换货' },
  refund: { en: 'Refund', zh: '退款' },
  reject: { en: 'Send back unchanged', zh: '原样退回' },
} as const satisfies Record<string, Label>;

export const RETURN_VERDICT_LABELS = {
  approve: { en: 'Approve', zh: '批准' },
  reject: { en: 'Reject', zh: '拒绝' },
  refer: { en: 'Refer to a person', zh: '转人工审核' },
} as const satisfies Record<string, Label>;

/** What the customer states about a returned unit. */
export const RETURN_CONDITION_LABELS = {
  original_packaging: { en: 'Original packaging kept', zh: '保留原包装' },
  proof_of_purchase: { en: 'Proof of purchase at hand', zh: '有购买凭证' },
} as const satisfies Record<string, Label>;

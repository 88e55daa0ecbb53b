import type { Label } from '../label.ts';

/** Why a line of a partner's claim got the answer it got. */
export const CLAIM_LINE_REASON_LABELS = {
  no_partner_agreement: { en: 'No partner agreement in force', zh: '无有效的服务伙伴协议' },
  not_covered: { en: 'Not covered for the customer', zh: '不在客户保修范围内' },
  repair_not_completed: { en: 'Repair not completed', zh: '维修尚未完成' },
  submitted_late: { en: 'Submitted too late', zh: '超过提交期限' },
  evidence_missing: { en: 'Evidence missing', zh: '缺少证据' },
  no_labor_rate: { en: 'No labour rate agreed', zh: '未约定工时费' },
  operation_not_done: { en: 'Operation not recorded', zh: '未记录该工序' },
  capped_at_standard_time: { en: 'Capped at the standard time', zh: '按标准工时封顶' },
  at_agreed_rate: { en: 'At the agreed rate', zh: '按约定费率' },
  no_travel_rate: { en: 'No travel rate agreed', zh: '未约定差旅费' },
  within_free_km: { en: 'Within the free kilometres', zh: '在免费里程内' },
  beyond_free_km: { en: 'Beyond the free kilometres', zh: '超出免费里程' },
  part_not_used: { en: 'Part not used on the repair', zh: '维修未使用该部件' },
  consignment_stock: { en: 'From the brand’s consignment stock', zh: '取自品牌方寄售库存' },
  at_catalogue_cost: { en: 'At catalogue cost', zh: '按目录成本' },
  reviewer_decision: { en: 'Decided by the brand’s reviewer', zh: '品牌方审核人裁定' },
} as const satisfies Record<string, Label>;
export type ClaimLineReason = keyof typeof CLAIM_LINE_REASON_LABELS;

export const CLAIM_LINE_KIND_LABELS = {
  labor: { en: 'Labour', zh: '人工' },
  travel: { en: 'Travel', zh: '差旅' },
  parts: { en: 'Parts', zh: '配件' },
} as const satisfies Record<string, Label>;

export const LINE_STATUS_LABELS = {
  approved: { en: 'Approved', zh: '已批准' },
  reduced: { en: 'Reduced', zh: '已核减' },
  rejected: { en: 'Rejected', zh: '已拒绝' },
} as const satisfies Record<string, Label>;

/** A claim's state: its outcome, then paid. */
export const CLAIM_STATE_LABELS = {
  approved: { en: 'Approved', zh: '已批准' },
  partly_approved: { en: 'Partly approved', zh: '部分批准' },
  rejected: { en: 'Rejected', zh: '已拒绝' },
  paid: { en: 'Paid', zh: '已支付' },
} as const satisfies Record<string, Label>;

/** A recovery from the supplier upstream. */
export const RECOVERY_STATE_LABELS = {
  prepared: { en: 'Prepared', zh: '已准备' },
  sent: { en: 'Sent to the supplier', zh: '已发送给供应商' },
  credited: { en: 'Credited', zh: '已抵扣' },
  rejected: { en: 'Rejected by the supplier', zh: '供应商已拒绝' },
} as const satisfies Record<string, Label>;

/** A defective part on its way back to whoever asked for it. */
export const DEFECTIVE_PART_STATE_LABELS = {
  pending: { en: 'To be sent', zh: '待寄回' },
  shipped: { en: 'On its way', zh: '运输中' },
  received: { en: 'Received', zh: '已收到' },
} as const satisfies Record<string, Label>;

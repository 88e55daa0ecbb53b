import type { Label } from '../label.ts';

/** How a contract or plan was sold to a unit. */
export const SALE_CHANNEL_LABELS = {
  agent: { en: 'Sold by our agent', zh: '由本公司客服销售' },
  distributor: { en: 'Sold by the distributor', zh: '由经销商销售' },
  portal: { en: 'Bought in the customer portal', zh: '客户在门户自助购买' },
  import: { en: 'Imported contract', zh: '导入的合同' },
} as const satisfies Record<string, Label>;

export const CONTRACT_STATE_LABELS = {
  active: { en: 'Active', zh: '生效中' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
} as const satisfies Record<string, Label>;

export const REFUND_RULE_LABELS = {
  pro_rata: { en: 'Refund of the unused days', zh: '按未使用天数退款' },
  none: { en: 'No refund', zh: '不予退款' },
} as const satisfies Record<string, Label>;

export const QUOTE_STATE_LABELS = {
  sent: { en: 'Waiting for the customer', zh: '待客户确认' },
  accepted: { en: 'Accepted', zh: '已接受' },
  declined: { en: 'Declined', zh: '已拒绝' },
} as const satisfies Record<string, Label>;

export const PRICE_KIND_LABELS = {
  part: { en: 'Part', zh: '配件' },
  labor: { en: 'Labour', zh: '工时' },
  travel: { en: 'Travel', zh: '上门' },
} as const satisfies Record<string, Label>;

export const PRICE_PER_LABELS = {
  piece: { en: 'per piece', zh: '每件' },
  hour: { en: 'per hour', zh: '每小时' },
  km: { en: 'per km', zh: '每公里' },
  visit: { en: 'per visit', zh: '每次' },
} as const satisfies Record<string, Label>;

export const INVOICE_STATE_LABELS = {
  open: { en: 'Owed', zh: '待付款' },
  settled: { en: 'Settled', zh: '已结清' },
  refunded: { en: 'Refunded', zh: '已退款' },
} as const satisfies Record<string, Label>;

export const PAYMENT_KIND_LABELS = {
  payment: { en: 'Payment', zh: '付款' },
  refund: { en: 'Refund', zh: '退款' },
} as const satisfies Record<string, Label>;

export const FAPIAO_TYPE_LABELS = {
  general: { en: 'General VAT fapiao (普通发票)', zh: '增值税普通发票' },
  special: { en: 'Special VAT fapiao (专用发票)', zh: '增值税专用发票' },
} as const satisfies Record<string, Label>;

export const COVER_SOURCE_LABELS = {
  terms: { en: 'Warranty', zh: '保修条款' },
  owner_contract: { en: 'Service contract with the owner', zh: '与设备所有人的服务合同' },
  unit_contract: { en: 'Contract or plan sold to this unit', zh: '为本设备购买的合同或延保' },
} as const satisfies Record<string, Label>;

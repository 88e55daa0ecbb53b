import type { Label } from '../label.ts';

/** Where an independent repair shop's registration stands with the brand. */
export const SHOP_STATUS_LABELS = {
  pending: { en: 'Waiting for approval', zh: '待审核' },
  approved: { en: 'Approved', zh: '已批准' },
  refused: { en: 'Refused', zh: '未获批准' },
} as const satisfies Record<string, Label>;

/** What the brand's staff decide on a registration. */
export const SHOP_DECISION_LABELS = {
  approved: { en: 'Approve', zh: '批准' },
  refused: { en: 'Refuse', zh: '拒绝' },
} as const satisfies Record<string, Label>;

/** Where a shop's parts order stands. */
export const PARTS_ORDER_STATE_LABELS = {
  placed: { en: 'Placed, waiting for the brand', zh: '已下单，待品牌方确认' },
  confirmed: { en: 'Confirmed, parts reserved', zh: '已确认，备件已预留' },
  shipped: { en: 'Shipped', zh: '已发货' },
  refused: { en: 'Refused by the brand', zh: '品牌方已拒绝' },
} as const satisfies Record<string, Label>;

/** What the brand's staff do to an order. */
export const PARTS_ORDER_STEP_LABELS = {
  confirm: { en: 'Confirm and reserve', zh: '确认并预留' },
  ship: { en: 'Ship', zh: '发货' },
  refuse: { en: 'Refuse', zh: '拒绝' },
} as const satisfies Record<string, Label>;

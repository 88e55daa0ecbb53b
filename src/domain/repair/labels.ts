import type { Label } from '../label.ts';

export const REPAIR_STATE_LABELS = {
  open: { en: 'Open', zh: '进行中' },
  completed: { en: 'Completed', zh: '已完成' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
} as const satisfies Record<string, Label>;

/** A part reserved for a repair, then used or put back. */
export const PART_RESERVATION_STATE_LABELS = {
  reserved: { en: 'Reserved', zh: '已预留' },
  consumed: { en: 'Used', zh: '已使用' },
  released: { en: 'Put back', zh: '已退回库存' },
} as const satisfies Record<string, Label>;

/** How a repair ended. */
export const REPAIR_RESULT_LABELS = {
  fixed: { en: 'Fixed', zh: '已修复' },
  not_fixed: { en: 'Not fixed', zh: '未修复' },
  replaced_unit: { en: 'Unit replaced', zh: '整机更换' },
} as const satisfies Record<string, Label>;

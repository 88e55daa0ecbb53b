import type { Label } from '../label.ts';

export const COST_KIND_LABELS = {
  parts: { en: 'Parts', zh: '配件' },
  labor: { en: 'Labour', zh: '人工' },
  travel: { en: 'Travel', zh: '差旅' },
  shipping: { en: 'Shipping', zh: '运输' },
  replacement: { en: 'Replacement', zh: '换货' },
  refund: { en: 'Refund', zh: '退款' },
  credit: { en: 'Credit', zh: '抵扣' },
  goodwill: { en: 'Goodwill', zh: '商誉补偿' },
} as const satisfies Record<string, Label>;

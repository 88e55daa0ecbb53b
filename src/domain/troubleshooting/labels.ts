import type { Label } from '../label.ts';

/** How a troubleshooting tree can end, as people read it. */
export const END_KIND_LABELS = {
  solved: { en: 'Solved', zh: '已解决' },
  technician: { en: 'Needs a technician', zh: '需要技术人员上门' },
  part: { en: 'Order a part', zh: '需订购配件' },
} as const satisfies Record<string, Label>;

export type EndKind = keyof typeof END_KIND_LABELS;

/** Where a walk was made. */
export const WALK_CHANNEL_LABELS = {
  portal: { en: 'Customer portal', zh: '客户门户' },
  console: { en: 'Agent on the phone', zh: '客服电话指导' },
} as const satisfies Record<string, Label>;

export type WalkChannel = keyof typeof WALK_CHANNEL_LABELS;

/** What "did this help?" is asked about. */
export const FEEDBACK_SUBJECT_LABELS = {
  article: { en: 'Article', zh: '知识文章' },
  tree: { en: 'Troubleshooting guide', zh: '故障排查向导' },
} as const satisfies Record<string, Label>;

export type FeedbackSubject = keyof typeof FEEDBACK_SUBJECT_LABELS;

/** The state of a walk. */
export const WALK_STATE_LABELS = {
  walking: { en: 'In progress', zh: '进行中' },
  ...END_KIND_LABELS,
} as const satisfies Record<string, Label>;

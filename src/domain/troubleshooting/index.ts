export type { EndKind, FeedbackSubject, WalkChannel } from './labels.ts';
export {
  END_KIND_LABELS,
  FEEDBACK_SUBJECT_LABELS,
  WALK_CHANNEL_LABELS,
  WALK_STATE_LABELS,
} from './labels.ts';
export type {
  TreeAnswer,
  TreeNode,
  TreePath,
  TreeProblem,
  TreeProblemKind,
  TroubleshootingTree,
} from './tree.ts';
export { checkTree, formatTreePath, MAX_ANSWERS, MAX_NODES } from './tree.ts';
export type { StepOutcome, WalkStep } from './walk.ts';
export { answerAt, describeWalk, endOf } from './walk.ts';

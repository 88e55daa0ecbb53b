export type { CaseReader, MessageVisibility } from './activity.ts';
export { activityTypesFor, MESSAGE_VISIBILITIES, showsInActivity, visibleMessageKinds } from './activity.ts';
export type { CannedReplyBlank } from './canned-reply.ts';
export { CANNED_REPLY_BLANKS, fillBlanks, unknownBlanks } from './canned-reply.ts';
export type { CaseKind, CaseState, Channel, ClockPlan, Severity } from './case.ts';
export {
  CASE_KINDS,
  CASE_STATES,
  CHANNELS,
  canMove,
  conditionsOf,
  defaultLevelsAgreement,
  planClocks,
  planDefaultClocks,
  runsPromises,
  SEVERITIES,
} from './case.ts';
export { triggeredRules } from './escalation.ts';
export { CLOCK_SIDE_LABELS, MESSAGE_VISIBILITY_LABELS } from './labels.ts';
export { searchDocumentText, searchQuery, searchWords } from './search.ts';
export type { PromiseOffer } from './service-levels.ts';
export { keptPromises, offeredPromises } from './service-levels.ts';

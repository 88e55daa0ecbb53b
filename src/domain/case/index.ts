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
  SEVERITIES,
} from './case.ts';
export { triggeredRules } from './escalation.ts';
export { CLOCK_SIDE_LABELS } from './labels.ts';
export { searchDocumentText, searchQuery, searchWords } from './search.ts';

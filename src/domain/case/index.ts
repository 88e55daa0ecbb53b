export type { CaseKind, CaseState, ClockPlan, Severity } from './case.ts';
export { CASE_KINDS, CASE_STATES, canMove, conditionsOf, planClocks, SEVERITIES } from './case.ts';
export { triggeredRules } from './escalation.ts';
export { CLOCK_SIDE_LABELS } from './labels.ts';

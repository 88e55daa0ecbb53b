export { repairCharges } from './charges.ts';
export type { RepeatFinding } from './repeat.ts';
export { decideRepeatFailure } from './repeat.ts';

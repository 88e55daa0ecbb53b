export type { Disposition, ReturnCheck, ReturnReason } from './returns.ts';
export { checkReturn, conditionName, dispositionRef, untickedConditions } from './returns.ts';

export type { DutyLine } from './duty.ts';
export { partsDutyReport } from './duty.ts';
export type { ReorderSuggestion } from './stock.ts';
export { suggestReorder } from './stock.ts';

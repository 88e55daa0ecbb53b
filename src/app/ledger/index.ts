export { addCostLine } from './add-cost-line.ts';
export { costByMonth } from './cost-by-month.ts';
export { toCostLineViews } from './cost-line-view.ts';
export { ledgerStatement } from './ledger-statement.ts';
export { listCostLines } from './list-cost-lines.ts';
export type { NewCostLine } from './operations-support.ts';
export {
  changedOnce,
  isStaff,
  nextNumber,
  partyIdByKey,
  partyKeys,
  reverseCostLines,
  writeCostLines,
} from './operations-support.ts';

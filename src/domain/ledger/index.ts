export { statementCsv } from './csv.ts';
export { COST_KIND_LABELS } from './labels.ts';
export type { CostKind, CostLine, Statement } from './ledger.ts';
export { buildStatement, COST_KINDS } from './ledger.ts';
export { formatMinor, prorate, sumMinor, toMinor } from './money.ts';

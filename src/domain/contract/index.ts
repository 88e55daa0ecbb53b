export { isCreditCode, normalCreditCode } from './credit-code.ts';
export * from './labels.ts';
export type { MoneyLine, PriceItem, PriceKind, PricePer, RateTotal, Totals } from './money.ts';
export {
  cancellationRefund,
  daysBetween,
  extendedTerm,
  invoiceState,
  lineOf,
  shiftDays,
  totalsOf,
} from './money.ts';

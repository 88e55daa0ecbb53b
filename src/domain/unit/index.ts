export type {
  ContractOnExchange,
  CoverDates,
  HeldContract,
  ReplacementKind,
  ReplacementWarranty,
} from './replacement.ts';
export {
  contractsOnExchange,
  REPLACEMENT_KIND_LABELS,
  REPLACEMENT_KINDS,
  replacementWarranty,
} from './replacement.ts';
export { isTerritoryCode, TERRITORY_PATTERN, territoryWithin } from './territory.ts';

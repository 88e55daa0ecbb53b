export type { CoverDates, ReplacementKind, ReplacementWarranty } from './replacement.ts';
export { REPLACEMENT_KIND_LABELS, REPLACEMENT_KINDS, replacementWarranty } from './replacement.ts';
export { isTerritoryCode, TERRITORY_PATTERN, territoryWithin } from './territory.ts';

/**
 * Territories are ISO 3166-1 alpha-2 countries (`CN`) or ISO 3166-2 subdivisions (`CN-SH`).
 * We check the shape only: the subdivision list changes and is not ours to keep.
 */
const TERRITORY = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

export function isTerritoryCode(code: string): boolean {
  return TERRITORY.test(code);
}

/** `CN-SH` lies within `CN` and within itself; `CN` does not lie within `CN-SH`. */
export function territoryWithin(code: string, area: string): boolean {
  return code === area || code.startsWith(`${area}-`);
}

export const TERRITORY_PATTERN = TERRITORY.source;

export { isTerritoryCode, TERRITORY_PATTERN, territoryWithin } from './territory.ts';

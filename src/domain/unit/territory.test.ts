import { describe, expect, it } from 'vitest';
import { isTerritoryCode, territoryWithin } from './territory.ts';

describe('territory codes', () => {
  it('accepts countries and ISO 3166-2 subdivisions', () => {
    for (const code of ['CN', 'CN-SH', 'CN-GD', 'DE-BE', 'US-CA', 'GB-ENG', 'FR-75'])
      expect(isTerritoryCode(code)).toBe(true);
  });

  it('refuses lower case, missing country, and free text', () => {
    for (const code of ['cn-sh', 'S', 'CHN', 'CN-', 'CN_SH', 'Shanghai', 'CN-SHAN', ''])
      expect(isTerritoryCode(code)).toBe(false);
  });

  it('places a subdivision inside its country, not the other way round', () => {
    expect(territoryWithin('CN-SH', 'CN')).toBe(true);
    expect(territoryWithin('CN-SH', 'CN-SH')).toBe(true);
    expect(territoryWithin('CN', 'CN-SH')).toBe(false);
    expect(territoryWithin('CNX-1', 'CN')).toBe(false);
  });
});

import { territoryWithin } from '../unit/index.ts';

/**
 * Subdivisions of the countries whose areas the checker can spell out (ISO 3166-2). A country
 * not listed here is reported as "the rest of XX". `CN` is read as mainland China (31 provinces,
 * autonomous regions and municipalities); Hong Kong, Macao and Taiwan are separate regimes for
 * after-sales purposes and are named on their own when a file means them.
 */
export const SUBDIVISIONS: Record<string, readonly string[]> = {
  CN: [
    'CN-AH',
    'CN-BJ',
    'CN-CQ',
    'CN-FJ',
    'CN-GD',
    'CN-GS',
    'CN-GX',
    'CN-GZ',
    'CN-HA',
    'CN-HB',
    'CN-HE',
    'CN-HI',
    'CN-HL',
    'CN-HN',
    'CN-JL',
    'CN-JS',
    'CN-JX',
    'CN-LN',
    'CN-NM',
    'CN-NX',
    'CN-QH',
    'CN-SC',
    'CN-SD',
    'CN-SH',
    'CN-SN',
    'CN-SX',
    'CN-TJ',
    'CN-XJ',
    'CN-XZ',
    'CN-YN',
    'CN-ZJ',
  ],
};

/** Member states of the European Union (and `EU` itself as a shorthand some terms use). */
export const EU_MEMBERS: ReadonlySet<string> = new Set([
  'EU',
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/** The part of `a` that also lies in `b`, when one lies within the other; null when apart. */
export function overlap(a: string, b: string): string | null {
  if (territoryWithin(a, b)) return a;
  if (territoryWithin(b, a)) return b;
  return null;
}

/**
 * What of `area` no code in `covered` reaches: the listed subdivisions left over, or the area
 * itself with a note when its subdivisions are not known here.
 */
export function uncoveredParts(area: string, covered: readonly string[]): { codes: string[]; rest: boolean } {
  if (covered.some((c) => territoryWithin(area, c))) return { codes: [], rest: false };
  const inside = covered.filter((c) => territoryWithin(c, area));
  const subdivisions = SUBDIVISIONS[area];
  if (subdivisions) {
    return { codes: subdivisions.filter((s) => !inside.some((c) => territoryWithin(s, c))), rest: false };
  }
  return { codes: [area], rest: inside.length > 0 };
}

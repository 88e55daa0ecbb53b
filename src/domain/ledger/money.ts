/**
 * Money is exact: an integer number of minor units (fen for CNY) with its ISO 4217 currency.
 * Rates written in the terms as decimals (`rate: 2.5`) are read from their decimal text, never
 * multiplied as floating point; products and shares are computed in BigInt and rounded half up
 * once, at the end.
 */
export interface Money {
  minor: number;
  currency: string;
}

/** Minor-unit digits per currency; ISO 4217 says 2 for most, 0 for a few. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND', 'IQD', 'LYD']);

export function minorDigits(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** A safe integer amount, or an error: amounts never lose precision silently. */
export function assertMinor(value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an exact integer amount`);
  return value;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * A decimal amount as written (`"180"`, `"2.5"`, or the number a YAML parser read) in minor units.
 * More fractional digits than the currency has are an error, not a rounding.
 */
export function toMinor(amount: string | number, currency: string): number {
  const text = typeof amount === 'number' ? numberText(amount) : amount.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a decimal amount`);
  const digits = minorDigits(currency);
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new RangeError(`"${text}" has more decimals than ${currency} allows`);
  const value = BigInt(m[2]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return assertMinor(Number(m[1] ? -value : value));
}

/** The shortest decimal text of a number read from YAML (2.5 -> "2.5"; no exponent for amounts). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not an amount`);
  const text = String(n);
  if (/e/i.test(text)) throw new RangeError(`${text} is out of range for an amount`);
  return text;
}

/** Minor units as decimal text: 25050 CNY -> "250.50". Exact for every safe integer. */
export function formatMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const abs = Math.abs(assertMinor(minor));
  const sign = minor < 0 ? '-' : '';
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  let whole = Math.floor(abs / scale);
  let part = abs - whole * scale;
  // The division is a double: correct the quotient by one when it rounded across an integer.
  if (part < 0) {
    whole -= 1;
    part += scale;
  } else if (part >= scale) {
    whole += 1;
    part -= scale;
  }
  return `${sign}${whole}.${String(part).padStart(digits, '0')}`;
}

/** rate × numerator / denominator, rounded half up (away from zero), exactly. */
export function prorate(rateMinor: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const product = BigInt(assertMinor(rateMinor)) * BigInt(assertMinor(numerator));
  const d = BigInt(denominator);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs * 2n + d) / (2n * d);
  return assertMinor(Number(negative ? -rounded : rounded));
}

export function sumMinor(values: readonly number[]): number {
  let total = 0n;
  for (const v of values) total += BigInt(assertMinor(v));
  return assertMinor(Number(total));
}

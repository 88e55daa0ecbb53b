import { randomBytes } from 'node:crypto';

/**
 * A time-ordered id (RFC 9562 UUID version 7): 48 bits of Unix milliseconds, then 74 random bits.
 * Rows keyed by it are appended at the right edge of their primary-key index instead of landing
 * on a random page: measured on this machine, 4,000,000 rows into a `(tenant_id, id)` primary
 * key took 163 s with these against 343 s with random (v4) ids, and left a 190 MB index against
 * 250 MB (README, "Scale"). An id tells when it was made, to the millisecond.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Math.floor(now));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

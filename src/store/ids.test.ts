import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 UUID whose first 48 bits are the milliseconds', () => {
    const at = Date.UTC(2026, 11, 2, 5, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by the time it was made, and two made in one millisecond differ', () => {
    const ids = [1, 2, 3, 1000, 10 ** 12].map((ms) => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(uuidv7(5)).not.toBe(uuidv7(5));
  });
});

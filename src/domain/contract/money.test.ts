import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancellationRefund, extendedTerm, lineOf, type PriceItem, totalsOf } from './money.ts';

const item = (over: Partial<PriceItem> = {}): PriceItem => ({
  itemKey: 'x',
  kind: 'part',
  name: { en: 'X', zh: 'X' },
  per: 'piece',
  priceMinor: 10_000,
  currency: 'CNY',
  taxRatePercent: 13,
  ...over,
});

describe('quote and invoice money', () => {
  it('labour by the hour counts minutes; tax is computed once per rate', () => {
    const labour = lineOf(item({ kind: 'labor', per: 'hour', priceMinor: 18_000, taxRatePercent: 6 }), 45);
    expect(labour.netMinor).toBe(13_500);
    const t = totalsOf([lineOf(item(), 2), labour, lineOf(item({ itemKey: 'y', priceMinor: 333 }), 1)]);
    expect(t.byRate).toEqual([
      { taxRatePercent: 6, netMinor: 13_500, taxMinor: 810 },
      { taxRatePercent: 13, netMinor: 20_333, taxMinor: 2_643 },
    ]);
    expect(t.totalMinor).toBe(13_500 + 810 + 20_333 + 2_643);
  });

  it('totals: the net is the sum of the lines and the total is net plus tax (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            price: fc.integer({ min: 0, max: 10_000_000 }),
            q: fc.integer({ min: 1, max: 500 }),
            rate: fc.constantFrom(0, 6, 9, 13),
          }),
          { maxLength: 12 },
        ),
        (rows) => {
          const lines = rows.map((r) => lineOf(item({ priceMinor: r.price, taxRatePercent: r.rate }), r.q));
          const t = totalsOf(lines);
          expect(t.netMinor).toBe(lines.reduce((s, l) => s + l.netMinor, 0));
          expect(t.totalMinor).toBe(t.netMinor + t.taxMinor);
          for (const r of t.byRate)
            expect(Math.abs(r.taxMinor * 100 - r.netMinor * r.taxRatePercent)).toBeLessThanOrEqual(50);
        },
      ),
    );
  });

  it('a pro-rata refund is the unused days’ share, never more than the price; “none” refunds nothing', () => {
    expect(cancellationRefund(36_500, '2027-01-01', '2027-12-31', '2027-07-02', 'pro_rata')).toBe(18_300);
    expect(cancellationRefund(36_500, '2027-01-01', '2027-12-31', '2026-12-01', 'pro_rata')).toBe(36_500);
    expect(cancellationRefund(36_500, '2027-01-01', '2027-12-31', '2027-07-02', 'none')).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 800 }), (price, day) => {
        const on = new Date(Date.UTC(2026, 6, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const r = cancellationRefund(price, '2027-01-01', '2027-12-31', on, 'pro_rata');
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(price);
      }),
    );
  });

  it('an extended warranty runs from the day after the warranty’s last day, and is sold only while the warranty runs', () => {
    expect(extendedTerm({ warrantyLastDay: '2027-03-04', termMonths: 24, today: '2026-11-23' })).toEqual({
      startsOn: '2027-03-05',
      endsOn: '2029-03-04',
    });
    expect(extendedTerm({ warrantyLastDay: '2025-08-25', termMonths: 12, today: '2026-11-23' })).toEqual({
      refused: 'warranty_ended',
    });
    expect(extendedTerm({ warrantyLastDay: null, termMonths: 12, today: '2026-11-23' })).toEqual({
      refused: 'no_warranty',
    });
  });
});

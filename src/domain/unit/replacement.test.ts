import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replacementWarranty } from './index.ts';

const old = { soldOn: '2026-11-01', deliveredOn: '2026-11-03', installedOn: null };

describe('the warranty of a replacement unit', () => {
  it('starts anew on the exchange day for a 三包 replacement, citing the returns clause', () => {
    const w = replacementWarranty('sanbao', old, '2026-11-12', '§6');
    expect(w).toMatchObject({
      warranty: 'new',
      dates: { soldOn: '2026-11-12', deliveredOn: '2026-11-12', installedOn: null },
      ref: '§6',
    });
    expect(w.because.zh).toContain('重新计算');
  });

  it('keeps the old dates for any other exchange, whatever they are', () => {
    const day = fc.option(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { nil: null },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('advance_exchange' as const, 'after_receipt' as const),
        fc.record({ soldOn: day, deliveredOn: day, installedOn: day }),
        (kind, dates) => {
          const w = replacementWarranty(kind, dates, '2026-12-01', '§6');
          expect(w.warranty).toBe('continues');
          expect(w.dates).toEqual(dates);
          expect(w.ref).toBeNull();
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractsOnExchange, replacementWarranty } from './index.ts';

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

describe('the contracts of an exchanged unit', () => {
  it('a running contract moves (one not yet begun too); a cancelled or ended one stays', () => {
    const moved = contractsOnExchange(
      [
        { number: 'SC-1', state: 'active', startsOn: '2026-11-01', endsOn: '2027-10-31' },
        { number: 'SC-2', state: 'cancelled', startsOn: '2026-11-01', endsOn: '2027-10-31' },
        { number: 'SC-3', state: 'active', startsOn: '2025-11-01', endsOn: '2026-10-31' },
        { number: 'SC-4', state: 'active', startsOn: '2027-06-01', endsOn: '2028-05-31' },
        { number: 'SC-5', state: 'active', startsOn: '2026-01-01', endsOn: '2026-11-12' },
      ],
      '2026-11-12',
    );
    expect(moved.map((m) => [m.contract.number, m.moves])).toEqual([
      ['SC-1', true],
      ['SC-2', false],
      ['SC-3', false],
      ['SC-4', true],
      // Its last day is the exchange day: the new unit has it for that day.
      ['SC-5', true],
    ]);
    expect(moved[0]!.because.zh).toContain('剩余期限');
  });

  it('property: exactly the active contracts not ended before the exchange move, unchanged', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const contract = fc
      .record({ state: fc.constantFrom('active' as const, 'cancelled' as const), a: day, b: day })
      .map(({ state, a, b }) => ({ state, startsOn: a < b ? a : b, endsOn: a < b ? b : a }));
    fc.assert(
      fc.property(fc.array(contract, { maxLength: 8 }), day, (list, replacedOn) => {
        const held = list.map((c, i) => ({ ...c, number: `SC-${i}` }));
        const out = contractsOnExchange(held, replacedOn);
        expect(out.map((o) => o.contract)).toEqual(held);
        for (const o of out)
          expect(o.moves).toBe(o.contract.state === 'active' && o.contract.endsOn >= replacedOn);
      }),
    );
  });
});

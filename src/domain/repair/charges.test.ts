import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repairCharges } from './charges.ts';

/** FixIt's rates: 180.00 an hour, 2.50 a kilometre. */
const FIXIT = { currency: 'CNY', compensation: { labor: { rate: 180 }, travel: { rate: 2.5 } } };
const UNCOVERED = { covered: false, payers: {}, cites: ['§4.3'], rests_on: [] };
const SPLIT = {
  covered: true,
  payers: { travel: { bearer: 'fixit-shanghai', up_to_km: 50, beyond: 'customer' } },
  cites: ['§3.2'],
  rests_on: [{ agreement: 'acme-pureair-consumer-cn', version: 1, ref: '§8', role: 'costs' }],
};

describe('repairCharges', () => {
  it('an uncovered repair: minutes at the hourly rate and kilometres at the km rate, citing the decision', () => {
    expect(repairCharges(UNCOVERED, FIXIT, { laborMinutes: 45, km: 12 })).toEqual([
      {
        kind: 'labor',
        bearer: 'labor',
        amountMinor: 13500,
        currency: 'CNY',
        ref: '§4.3',
        what: 'Labor 45 min',
      },
      {
        kind: 'travel',
        bearer: 'travel',
        amountMinor: 3000,
        currency: 'CNY',
        ref: '§4.3',
        what: 'Travel 12 km',
      },
    ]);
  });

  it('a covered repair with travel split at 50 km: only the kilometres beyond, citing the costs clause', () => {
    expect(repairCharges(SPLIT, FIXIT, { laborMinutes: 40, km: 80 })).toEqual([
      {
        kind: 'travel',
        bearer: 'travel_beyond',
        amountMinor: 7500,
        currency: 'CNY',
        ref: '§8',
        what: 'Travel beyond 50 km (30 km)',
      },
    ]);
    expect(repairCharges(SPLIT, FIXIT, { laborMinutes: 40, km: 50 })).toEqual([]);
  });

  it('nothing without the partner’s rates, and nothing for a covered repair without a split', () => {
    expect(repairCharges(UNCOVERED, undefined, { laborMinutes: 45, km: 12 })).toEqual([]);
    expect(repairCharges({ ...UNCOVERED, covered: true }, FIXIT, { laborMinutes: 45, km: 12 })).toEqual([]);
  });

  it('the kilometres beyond are charged exactly: (km − limit) × rate, never for km at or under the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (km) => {
        const total = repairCharges(SPLIT, FIXIT, { laborMinutes: 0, km }).reduce(
          (s, c) => s + c.amountMinor,
          0,
        );
        expect(total).toBe(Math.max(0, km - 50) * 250);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PriceItem } from '../contract/index.ts';
import { checkLicence, decideRegistration, nextOrderState, priceOrder, shopMayAct } from './index.ts';

const part = (itemKey: string, priceMinor: number, taxRatePercent = 13, currency = 'CNY'): PriceItem => ({
  itemKey,
  kind: 'part',
  name: { en: itemKey, zh: itemKey },
  per: 'piece',
  priceMinor,
  currency,
  taxRatePercent,
});

describe('registration', () => {
  it('checks the licence as the 18-character unified social credit code, in capitals', () => {
    expect(checkLicence(' 91310000ma1fl0xy2k ')).toEqual({ ok: true, code: '91310000MA1FL0XY2K' });
    expect(checkLicence('91310000MA1FL0XY2')).toMatchObject({ ok: false }); // 17 characters
    expect(checkLicence('91310000MA1FL0XY2KK')).toMatchObject({ ok: false }); // 19
    expect(checkLicence('9131000OMA1FL0XY2K')).toMatchObject({ ok: false }); // a letter in the region code
    expect(checkLicence('91310000MA1FL0XYIK')).toMatchObject({ ok: false }); // I is not used
  });

  it('is decided once; only an approved shop acts', () => {
    expect(decideRegistration('pending', 'approved')).toMatchObject({ status: 'approved' });
    expect(decideRegistration('pending', 'refused')).toMatchObject({ status: 'refused' });
    expect(decideRegistration('approved', 'refused')).toMatchObject({ refused: 'already_decided' });
    expect(decideRegistration('refused', 'approved')).toMatchObject({ refused: 'already_decided' });
    expect(shopMayAct('approved').allowed).toBe(true);
    for (const s of ['pending', 'refused', null] as const) expect(shopMayAct(s).allowed).toBe(false);
  });
});

describe('a parts order', () => {
  const published = new Map([
    ['CB-PA', part('CB-PA', 38_000)],
    ['SNS-PM25', part('SNS-PM25', 12_000)],
    ['FLT-500', part('FLT-500', 9_950, 9)],
    ['labor-hour', { ...part('labor-hour', 12_000), kind: 'labor' as const, per: 'hour' as const }],
  ]);

  it('is priced at the published prices, with totals by tax rate as a quote', () => {
    const r = priceOrder(
      [
        { partNumber: 'CB-PA', quantity: 2 },
        { partNumber: 'FLT-500', quantity: 3 },
      ],
      published,
    );
    expect(r).toMatchObject({
      ok: true,
      currency: 'CNY',
      totals: {
        byRate: [
          { taxRatePercent: 9, netMinor: 29_850, taxMinor: 2_687 },
          { taxRatePercent: 13, netMinor: 76_000, taxMinor: 9_880 },
        ],
        netMinor: 105_850,
        taxMinor: 12_567,
        totalMinor: 118_417,
      },
    });
  });

  it('refuses by name a part not published, a service item, and a part named twice', () => {
    const r = priceOrder(
      [
        { partNumber: 'CB-PA', quantity: 1 },
        { partNumber: 'CMP-900', quantity: 1 },
        { partNumber: 'labor-hour', quantity: 60 },
        { partNumber: 'CB-PA', quantity: 1 },
      ],
      published,
    );
    expect(r).toEqual({
      ok: false,
      refusals: [
        { index: 1, partNumber: 'CMP-900', reason: 'not_published' },
        { index: 2, partNumber: 'labor-hour', reason: 'not_published' },
        { index: 3, partNumber: 'CB-PA', reason: 'repeated' },
      ],
    });
    const mixed = new Map([...published, ['USD-1', part('USD-1', 100, 0, 'USD')]]);
    expect(
      priceOrder(
        [
          { partNumber: 'CB-PA', quantity: 1 },
          { partNumber: 'USD-1', quantity: 1 },
        ],
        mixed,
      ),
    ).toMatchObject({ ok: false, refusals: [{ index: 1, reason: 'other_currency' }] });
  });

  it('totals are the sum of the rates, and each line is price × quantity (property)', () => {
    const items = [...published.values()].filter((i) => i.kind === 'part');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...items.map((i) => i.itemKey)), { minLength: 1 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 3 }),
        (keys, quantities) => {
          const r = priceOrder(
            keys.map((k, n) => ({ partNumber: k, quantity: quantities[n]! })),
            published,
          );
          if (!r.ok) return false;
          const t = r.totals;
          return (
            t.totalMinor === t.netMinor + t.taxMinor &&
            t.netMinor === t.byRate.reduce((s, b) => s + b.netMinor, 0) &&
            t.lines.every((l) => l.netMinor === published.get(l.itemKey)!.priceMinor * l.quantity)
          );
        },
      ),
    );
  });

  it('goes placed → confirmed → shipped, and may be refused until it ships', () => {
    expect(nextOrderState('placed', 'confirm')).toEqual({ ok: true, state: 'confirmed' });
    expect(nextOrderState('confirmed', 'ship')).toEqual({ ok: true, state: 'shipped' });
    expect(nextOrderState('placed', 'ship')).toMatchObject({ ok: false, allowedFrom: ['confirmed'] });
    expect(nextOrderState('confirmed', 'refuse')).toEqual({ ok: true, state: 'refused' });
    expect(nextOrderState('shipped', 'refuse')).toMatchObject({ ok: false });
    expect(nextOrderState('refused', 'confirm')).toMatchObject({ ok: false });
  });
});

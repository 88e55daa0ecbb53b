import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../terms/agreement.ts';
import { partsDutyReport } from './duty.ts';
import { applyStock, available, type StockOperation, suggestReorder } from './stock.ts';

const operation = fc.oneof(
  ...(['receive', 'reserve', 'release', 'consume', 'issue'] as const).map((op) =>
    fc.record({ op: fc.constant(op), quantity: fc.integer({ min: -2, max: 6 }) }),
  ),
) as fc.Arbitrary<StockOperation>;

describe('stock rules', () => {
  it('property: no sequence of operations takes stock or availability below zero', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (ops) => {
        let level = { onHand: 0, reserved: 0 };
        for (const op of ops) {
          const result = applyStock(level, op);
          if (result.ok) level = result.level;
          expect(level.onHand).toBeGreaterThanOrEqual(0);
          expect(level.reserved).toBeGreaterThanOrEqual(0);
          expect(available(level)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('property: of n reservations of one unit against k available, exactly min(n, k) succeed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (k, n) => {
        let level = { onHand: k, reserved: 0 };
        let ok = 0;
        for (let i = 0; i < n; i++) {
          const r = applyStock(level, { op: 'reserve', quantity: 1 });
          if (r.ok) {
            ok++;
            level = r.level;
          } else expect(r.available).toBe(0);
        }
        expect(ok).toBe(Math.min(n, k));
      }),
    );
  });

  it('property: a reorder suggestion brings available stock to the target, and none without use', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 90 }),
        (used, onHand, reservedRaw, lead) => {
          const reserved = Math.min(onHand, reservedRaw);
          const s = suggestReorder({
            partNumber: 'P',
            usedInWindow: used,
            windowDays: 90,
            onHand,
            reserved,
            leadTimeDays: lead,
          });
          expect(s.suggestedQuantity).toBeGreaterThanOrEqual(0);
          if (used === 0) expect(s.suggestedQuantity).toBe(0);
          if (s.suggestedQuantity > 0) {
            expect(s.available).toBeLessThanOrEqual(s.reorderPoint);
            expect(s.available + s.suggestedQuantity).toBe(s.targetLevel);
          }
        },
      ),
    );
  });
});

describe('spare-parts duty', () => {
  const warranty: Agreement = {
    id: 'w',
    kind: 'warranty',
    title: 'w',
    version: 1,
    effective_from: '2025-01-01',
    provider: 'acme',
    recipient: 'customers',
    scope: { products: ['PA-300'] },
    spare_parts: { ref: '§7', available_for: 'P7Y' },
  };
  const supply: Agreement = {
    id: 's',
    kind: 'supply',
    title: 's',
    version: 1,
    effective_from: '2025-01-01',
    effective_to: '2028-12-31',
    provider: 'ningbo',
    recipient: 'acme',
    scope: { parts: ['MTR-45'] },
  };
  it('dates the duty from the end of production and lists what is at risk before it', () => {
    const lines = partsDutyReport(
      [
        {
          model: 'PA-300',
          endOfProduction: '2026-06-30',
          parts: [
            { partNumber: 'MTR-45', partCategory: 'motor', name: 'Motor' },
            { partNumber: 'HSG-300', partCategory: 'housing', name: 'Housing' },
          ],
        },
      ],
      [warranty, supply],
      new Map([['MTR-45', 3]]),
      '2026-11-23',
    );
    expect(lines.map((l) => [l.partNumber, l.dutyUntil, l.risks])).toEqual([
      ['HSG-300', '2033-06-30', ['no_stock', 'no_supply_agreement']],
      ['MTR-45', '2033-06-30', ['supply_ends_before_duty']],
    ]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Agreement } from './agreement.ts';
import { warrantyOverview } from './warranty.ts';

const TERMS = path.resolve(import.meta.dirname, '../../../examples/terms');
const agreements = fs
  .readdirSync(TERMS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(fs.readFileSync(path.join(TERMS, f), 'utf8')) as Agreement);

const purifier = {
  serial: 'PA3-2026-118842',
  product: 'PA-300',
  territory: 'CN-ZJ',
  sold_at: '2026-03-14',
  delivered_at: '2026-03-16',
  owner: 'consumer-zhang-wei',
};

describe('warrantyOverview', () => {
  it('gives each part category its last day of cover and the clause, and what is never covered', () => {
    const w = warrantyOverview(agreements, purifier, ['motor', 'filter', 'housing'], '2026-08-20');
    expect(w.agreement).toMatchObject({ id: 'acme-pureair-consumer-cn', version: 2 });
    const motor = w.parts.find((p) => p.partCategory === 'motor')!;
    expect(motor).toMatchObject({ covered: true, lastDay: '2031-03-13' });
    expect(motor.refs).toContain('§3.2');
    const filter = w.parts.find((p) => p.partCategory === 'filter')!;
    expect(filter).toMatchObject({
      covered: false,
      reason: 'part_not_covered',
      lastDay: null,
      refs: ['§3.3'],
    });
    expect(w.parts.find((p) => p.partCategory === 'housing')).toMatchObject({
      covered: true,
      lastDay: '2028-03-13',
    });
    expect(w.exclusions).toContainEqual({ cause: 'liquid_damage', ref: '§4.3' });
    // Windows count from delivery: 7 days without reason, 15 days for a replacement.
    expect(w.returns).toEqual({
      noReasonUntil: '2026-03-22',
      replacementUntil: '2026-03-30',
      from: '2026-03-16',
      ref: '§6',
      conditions: ['original_packaging', 'proof_of_purchase'],
    });
  });

  it('says expired, with the day cover ended, once the period is over', () => {
    const w = warrantyOverview(agreements, purifier, ['housing', 'motor'], '2028-06-01');
    expect(w.parts[0]).toMatchObject({ covered: false, reason: 'expired', lastDay: '2028-03-13' });
    expect(w.parts[1]).toMatchObject({ covered: true, lastDay: '2031-03-13' });
  });
});

describe('warrantyOverview, for any sale date and any day of asking', () => {
  it('calls a part covered exactly while the day asked is on or before its last day', () => {
    const day = fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2033, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (sold, today) => {
        fc.pre(sold <= today);
        const unit = { ...purifier, sold_at: sold, delivered_at: sold };
        const w = warrantyOverview(agreements, unit, ['motor', 'housing', 'filter'], today);
        for (const part of w.parts) {
          if (part.partCategory === 'filter') expect(part.covered).toBe(false);
          else {
            expect(part.lastDay).not.toBeNull();
            expect(part.covered).toBe(today <= part.lastDay!);
          }
        }
        // The motor's five years outlast the general two.
        const [motor, housing] = w.parts;
        expect(motor!.lastDay! > housing!.lastDay!).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

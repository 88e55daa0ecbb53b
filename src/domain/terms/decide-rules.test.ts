import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToDate, duration } from '../time/duration.ts';
import type { Agreement } from './agreement.ts';
import type { UnitFacts } from './claim.ts';
import { decideEntitlement, maintenanceKept } from './decide.ts';

function warranty(
  over: Partial<Agreement> = {},
  coverage: Partial<NonNullable<Agreement['coverage']>> = {},
): Agreement {
  return {
    id: 'w',
    kind: 'warranty',
    title: 'W',
    version: 1,
    effective_from: '2000-01-01',
    provider: 'brand',
    recipient: 'customers',
    scope: { products: ['P-1'], territory: ['CN'] },
    coverage: {
      ref: '§1',
      starts_at: 'sale',
      duration: 'P2Y',
      covers: ['defect'],
      remedies: ['repair', 'replace'],
      ...coverage,
    },
    costs: {
      ref: '§9',
      in_warranty: { parts: 'provider', labor: 'provider', travel: 'provider', shipping: 'provider' },
      out_of_warranty: { parts: 'recipient', labor: 'recipient', travel: 'recipient', shipping: 'recipient' },
    },
    ...over,
  };
}
const unit = (over: Partial<UnitFacts> = {}): UnitFacts => ({
  serial: 'S-1',
  product: 'P-1',
  territory: 'CN-SH',
  sold_at: '2026-01-15',
  owner: 'someone',
  ...over,
});
const failure = (date: string, over: Record<string, unknown> = {}) => ({
  reported_at: `${date}T10:00:00+08:00`,
  part_category: 'board',
  cause: 'defect',
  ...over,
});

const dateArb = fc
  .integer({ min: 0, max: 365 * 30 })
  .map((n) => new Date(Date.UTC(2001, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

describe('cover windows (properties)', () => {
  it('a failure is covered exactly when reported before start + duration', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 4000 }),
        (sold, months, after) => {
          const report = addToDate(sold, duration(`P${after}D`));
          const d = decideEntitlement({
            agreements: [warranty({}, { duration: `P${months}M` })],
            unit: unit({ sold_at: sold }),
            failure: failure(report),
          });
          const end = addToDate(sold, duration(`P${months}M`));
          expect(d.covered).toBe(report < end);
          expect(d.cover_ends.general).toBe(end);
          expect(d.cites).toEqual(['§1']);
          expect(d.costs.parts).toBe(d.covered ? 'brand' : 'customers');
        },
      ),
    );
  });

  it('a component’s own duration decides for that part, whatever the general cover', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 4000 }),
        (sold, general, part, after) => {
          const report = addToDate(sold, duration(`P${after}D`));
          const a = warranty(
            {},
            {
              duration: `P${general}M`,
              components: [{ part_category: 'board', duration: `P${part}M`, ref: '§1.2' }],
            },
          );
          const d = decideEntitlement({
            agreements: [a],
            unit: unit({ sold_at: sold }),
            failure: failure(report),
          });
          expect(d.covered).toBe(report < addToDate(sold, duration(`P${part}M`)));
          expect(d.cites).toEqual(['§1.2']);
          const other = decideEntitlement({
            agreements: [a],
            unit: unit({ sold_at: sold }),
            failure: failure(report, { part_category: 'fan' }),
          });
          expect(other.covered).toBe(report < addToDate(sold, duration(`P${general}M`)));
        },
      ),
    );
  });

  it('with the start event unrecorded, cover runs from the fallback event plus its delay', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 900 }),
        (delivered, plus, after) => {
          const a = warranty(
            {},
            {
              starts_at: 'installation',
              if_not_recorded: { starts_at: 'delivery', plus: `P${plus}D`, ref: '§1.1' },
              duration: 'P18M',
            },
          );
          const report = addToDate(delivered, duration(`P${after}D`));
          const d = decideEntitlement({
            agreements: [a],
            unit: unit({ sold_at: delivered, delivered_at: delivered }),
            failure: failure(report),
          });
          const start = addToDate(delivered, duration(`P${plus}D`));
          expect(d.cover_start).toEqual({ date: start, basis: 'delivery', fallback: true });
          expect(d.covered).toBe(report < addToDate(start, duration('P18M')));
          if (d.covered) expect(d.cites).toEqual(['§1', '§1.1']);
        },
      ),
    );
  });

  it('the decision does not change when a later version is added (replay)', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        (sold, gap, after) => {
          const v1 = warranty({ effective_from: '2000-01-01' }, { duration: 'P12M' });
          const v2 = warranty(
            { version: 2, supersedes: 1, effective_from: addToDate(sold, duration(`P${gap}D`)) },
            { duration: 'P60M' },
          );
          const input = {
            unit: unit({ sold_at: sold }),
            failure: failure(addToDate(sold, duration(`P${after}D`))),
          };
          const before = decideEntitlement({ agreements: [v1], ...input });
          const later = decideEntitlement({ agreements: [v1, v2], ...input });
          expect(later).toEqual(before);
          expect(later.agreement).toEqual({ id: 'w', version: 1 });
        },
      ),
    );
  });

  it('maintenance intervals: kept when no gap (from the start, through the event) exceeds the interval', () => {
    fc.assert(
      fc.property(dateArb, fc.array(fc.integer({ min: 1, max: 250 }), { maxLength: 8 }), (from, gaps) => {
        const dates: string[] = [];
        let d = from;
        for (const g of gaps) {
          d = addToDate(d, duration(`P${g}D`));
          dates.push(d);
        }
        const event = addToDate(d, duration('P10D'));
        const kept = maintenanceKept(from, dates, event, 'P6M');
        let last = from;
        let expected = true;
        for (const next of [...dates, event]) {
          if (next > addToDate(last, duration('P6M'))) expected = false;
          last = next;
        }
        expect(kept).toBe(expected);
      }),
    );
  });
});

describe('decisions', () => {
  it('cites the exclusion when the cause is excluded, before the cover period', () => {
    const a = warranty({}, { excludes: [{ cause: 'misuse', ref: '§3.1' }], covers: ['defect', 'misuse'] });
    const d = decideEntitlement({
      agreements: [a],
      unit: unit(),
      failure: failure('2026-02-01', { cause: 'misuse' }),
    });
    expect(d).toMatchObject({ covered: false, reason: 'cause_excluded', cites: ['§3.1'] });
  });

  it('a cause outside `covers` is not covered, citing the cover', () => {
    const d = decideEntitlement({
      agreements: [warranty()],
      unit: unit(),
      failure: failure('2026-02-01', { cause: 'wear' }),
    });
    expect(d).toMatchObject({ covered: false, reason: 'cause_not_covered', cites: ['§1'] });
  });

  it('is not covered out of the territory or product scope', () => {
    expect(
      decideEntitlement({
        agreements: [warranty()],
        unit: unit({ territory: 'DE-BE' }),
        failure: failure('2026-02-01'),
      }).reason,
    ).toBe('no_agreement');
    expect(
      decideEntitlement({
        agreements: [warranty()],
        unit: unit({ product: 'X' }),
        failure: failure('2026-02-01'),
      }).covered,
    ).toBe(false);
  });

  it('a missed maintenance interval voids the cover, citing the condition', () => {
    const a = warranty({}, { conditions: [{ require: 'maintenance_every', every: 'P6M', ref: '§2.4' }] });
    const d = decideEntitlement({
      agreements: [a],
      unit: unit({ maintained_at: ['2026-06-01'] }),
      failure: failure('2027-01-10'),
    });
    expect(d).toMatchObject({
      covered: false,
      reason: 'condition_unmet',
      cites: ['§2.4'],
      suspended: true,
      suspension: { condition: 'maintenance_every', ref: '§2.4' },
    });
  });

  it('suspends on payment overdue beyond the limit, and not at the limit', () => {
    const a = warranty(
      {},
      { suspended_while: [{ condition: 'payment_overdue', beyond: 'P30D', ref: '§2.5' }] },
    );
    const at = (days: number) =>
      decideEntitlement({
        agreements: [a],
        unit: unit(),
        failure: failure('2026-03-01'),
        account: { payment_overdue_days: days },
      });
    expect(at(30)).toMatchObject({ covered: true, suspended: false });
    expect(at(31)).toMatchObject({ covered: false, suspended: true, cites: ['§2.5'] });
  });

  it('gives the repeat-failure remedy after the stated number of repairs', () => {
    const a = warranty({}, { repeat_failure: { after: 2, remedy: 'replace', ref: '§3.9' } });
    const d = decideEntitlement({
      agreements: [a],
      unit: unit(),
      failure: failure('2026-06-01', { previous_repairs: 2 }),
    });
    expect(d).toMatchObject({ covered: true, remedy: 'replace', cites: ['§1', '§3.9'] });
  });

  it('resolves split travel costs and pays group costs from the owner', () => {
    const a = warranty();
    a.costs!.in_warranty!.travel = { bearer: 'provider', up_to_km: 50, beyond: 'recipient' };
    const d = decideEntitlement({ agreements: [a], unit: unit(), failure: failure('2026-06-01') });
    expect(d.costs.travel).toEqual({ bearer: 'brand', up_to_km: 50, beyond: 'customers' });
    expect(d.payers.travel).toEqual({ bearer: 'brand', up_to_km: 50, beyond: 'someone' });
  });

  it('recovers from the supplier while its cover of the part runs, and says until when', () => {
    const supply: Agreement = {
      id: 's',
      kind: 'supply',
      title: 'S',
      version: 1,
      effective_from: '2000-01-01',
      provider: 'maker',
      recipient: 'brand',
      scope: { parts: ['B-1'] },
      coverage: { ref: '§8', starts_at: 'delivery', duration: 'P24M', covers: ['defect'] },
      returns: { defective_parts: { report_within: 'P30D' } },
    };
    const u = unit({
      parts: [{ part_category: 'board', part: 'B-1', supplied_by: 'maker', delivered_at: '2025-12-01' }],
    });
    const inside = decideEntitlement({
      agreements: [warranty(), supply],
      unit: u,
      failure: failure('2027-11-30'),
    });
    expect(inside.recoverable_from_supplier).toBe(true);
    expect(inside.recovery).toMatchObject({
      until: '2027-12-01',
      report_by: '2027-12-30',
      supplier: 'maker',
    });
    const after = decideEntitlement({
      agreements: [warranty(), supply],
      unit: u,
      failure: failure('2027-12-01'),
    });
    expect(after.recoverable_from_supplier).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement, TargetKind, UnitFacts } from '../terms/index.ts';
import { levelsContracts } from '../terms/index.ts';
import type { ClockPlan } from './case.ts';
import { keptPromises, offeredPromises, type PromiseOffer } from './service-levels.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const read = (dir: string) =>
  fs
    .readdirSync(path.join(EXAMPLES, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(EXAMPLES, dir, f), 'utf8') }));
const terms: Agreement[] = parseTermsOrThrow([...read('terms'), ...read('contracts')]).map(
  (p) => p.agreement,
);

/** The demo's older Ruijin Hospital chiller, with the maintenance contract sold to it or not. */
const chiller31 = (contracts: UnitFacts['contracts'] = undefined): UnitFacts => ({
  serial: 'CH9-2024-00031',
  product: 'CH-900',
  territory: 'CN-SH',
  sold_at: '2024-01-15',
  owner: 'ruijin-hospital',
  ...(contracts ? { contracts } : {}),
});
const SOLD = [{ agreement: 'ruijin-chiller-maintenance', starts_on: '2026-11-01', ends_on: '2028-10-31' }];

describe('the contracts whose service levels hold a unit’s cases (levelsContracts)', () => {
  it('the Ruijin maintenance contract sold to the serial, from its start through its terms’ effective_to', () => {
    const on = (date: string) =>
      levelsContracts(terms, chiller31(SOLD), date).map((c) => [c.agreement.id, c.source]);
    expect(on('2026-11-23')).toEqual([['ruijin-chiller-maintenance', 'unit_contract']]);
    expect(on('2026-10-31')).toEqual([]);
    // Sold through 2028-10-31, but the agreement ends 2027-10-31.
    expect(on('2027-10-31')).toHaveLength(1);
    expect(on('2027-11-01')).toEqual([]);
    expect(levelsContracts(terms, chiller31(), '2026-11-23')).toEqual([]);
  });

  it('offers the warranty’s clocks (§4) and the contract’s (MC§4), the warranty first', () => {
    const governing = terms.find((a) => a.id === 'acme-chiller-b2b-cn');
    const contracts = levelsContracts(terms, chiller31(SOLD), '2026-11-23').map((c) => c.agreement);
    const offered = offeredPromises(governing, contracts, {
      severity: 'high',
      product: 'CH-900',
      territory: 'CN-SH',
    });
    expect(offered.map((p) => [p.agreement.id, p.ref, p.target, p.duration, p.clock])).toEqual([
      ['acme-chiller-b2b-cn', '§4', 'response', 'PT4H', 'business'],
      ['acme-chiller-b2b-cn', '§4', 'onsite', 'PT48H', 'business'],
      ['acme-chiller-b2b-cn', '§4', 'resolution', 'P5D', 'business'],
      ['ruijin-chiller-maintenance', 'MC§4', 'response', 'PT2H', 'calendar'],
      ['ruijin-chiller-maintenance', 'MC§4', 'onsite', 'PT24H', 'calendar'],
    ]);
    // The governing agreement offered again as a contract counts once.
    expect(
      offeredPromises(governing, [governing!], { severity: 'high', product: 'CH-900', territory: 'CN-SH' }),
    ).toHaveLength(3);
  });
});

const plan = (agreement: string, target: TargetKind, ref = '§4'): ClockPlan => ({
  side: 'promise',
  agreement: { id: agreement, version: 1 },
  owedBy: 'acme',
  ref,
  target,
  duration: 'PT4H',
  clock: 'business',
  calendar: 'cn-business',
  pauseWhile: [],
  severityUsed: 'high',
});

describe('the promise kept per clock kind (keptPromises): the one due first', () => {
  it('keeps the contract’s response and on-site when due sooner, the warranty’s resolution', () => {
    const offers: PromiseOffer[] = [
      { plan: plan('warranty', 'response'), dueAt: 4_000 },
      { plan: plan('warranty', 'onsite'), dueAt: 48_000 },
      { plan: plan('warranty', 'resolution'), dueAt: 100_000 },
      { plan: plan('contract', 'response', 'MC§4'), dueAt: 2_000 },
      { plan: plan('contract', 'onsite', 'MC§4'), dueAt: 24_000 },
    ];
    expect(keptPromises(offers).map((o) => [o.plan.agreement.id, o.plan.ref, o.plan.target])).toEqual([
      ['warranty', '§4', 'resolution'],
      ['contract', 'MC§4', 'response'],
      ['contract', 'MC§4', 'onsite'],
    ]);
  });

  it('a tie, or deadlines not yet known, stay with the governing agreement; a known deadline beats an unknown one', () => {
    const tie = [
      { plan: plan('warranty', 'response'), dueAt: 4_000 },
      { plan: plan('contract', 'response'), dueAt: 4_000 },
    ];
    expect(keptPromises(tie).map((o) => o.plan.agreement.id)).toEqual(['warranty']);
    const unknown = [
      { plan: plan('warranty', 'response'), dueAt: null },
      { plan: plan('contract', 'response'), dueAt: null },
    ];
    expect(keptPromises(unknown).map((o) => o.plan.agreement.id)).toEqual(['warranty']);
    const known = [
      { plan: plan('warranty', 'response'), dueAt: null },
      { plan: plan('contract', 'response'), dueAt: 9_000 },
    ];
    expect(keptPromises(known).map((o) => o.plan.agreement.id)).toEqual(['contract']);
  });

  const TARGETS: TargetKind[] = ['response', 'onsite', 'resolution'];
  const offerOf = (agreements: string[]) =>
    fc
      .record({
        agreement: fc.constantFrom(...agreements),
        target: fc.constantFrom(...TARGETS),
        dueAt: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      })
      .map((o) => ({ plan: plan(o.agreement, o.target), dueAt: o.dueAt }));
  const warrantyOffers = fc.array(offerOf(['warranty']), { maxLength: 6 });
  const contractOffers = fc.array(offerOf(['c1', 'c2', 'c3']), { maxLength: 9 });

  /** What the customer is promised for a kind: the soonest known deadline kept (Infinity: none known). */
  const promised = (kept: PromiseOffer[], target: TargetKind) =>
    Math.min(
      Infinity,
      ...kept.filter((o) => o.plan.target === target && o.dueAt !== null).map((o) => o.dueAt!),
    );
  const kinds = (offers: PromiseOffer[]) => new Set(offers.map((o) => o.plan.target));

  it('property: adding contracts never makes a promise later, nor drops a kind', () => {
    fc.assert(
      fc.property(warrantyOffers, contractOffers, (w, c) => {
        const before = keptPromises(w);
        const after = keptPromises([...w, ...c]);
        for (const target of TARGETS)
          expect(promised(after, target)).toBeLessThanOrEqual(promised(before, target));
        for (const kind of kinds(before)) expect(kinds(after).has(kind)).toBe(true);
      }),
    );
  });

  it('property: without contracts the clocks are the governing agreement’s, unchanged', () => {
    fc.assert(
      fc.property(warrantyOffers, (w) => {
        expect(keptPromises(w)).toEqual(w);
      }),
    );
  });

  it('property: each kind is kept from one agreement, whose deadline is the soonest known offered', () => {
    fc.assert(
      fc.property(warrantyOffers, contractOffers, (w, c) => {
        const offers = [...w, ...c];
        const kept = keptPromises(offers);
        for (const target of TARGETS) {
          const of = kept.filter((o) => o.plan.target === target);
          expect(new Set(of.map((o) => o.plan.agreement.id)).size).toBeLessThanOrEqual(1);
          expect(promised(kept, target)).toBe(promised(offers, target));
        }
      }),
    );
  });

  it('property: the contracts’ order does not change what is promised', () => {
    fc.assert(
      fc.property(warrantyOffers, contractOffers, fc.nat(), (w, c, seed) => {
        const shuffled = [...c].sort(
          (x, y) => (((x.dueAt ?? 0) * 31 + seed) % 7) - (((y.dueAt ?? 0) * 31 + seed) % 7),
        );
        for (const target of TARGETS) {
          expect(promised(keptPromises([...w, ...shuffled]), target)).toBe(
            promised(keptPromises([...w, ...c]), target),
          );
        }
      }),
    );
  });
});

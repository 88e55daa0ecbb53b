import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import { type Agreement, COST_ITEMS, type CostBearer } from './agreement.ts';
import type { UnitFacts } from './claim.ts';
import { decideEntitlement } from './decide.ts';
import { warrantyOverview } from './warranty.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../examples');
const read = (dir: string) =>
  fs
    .readdirSync(path.join(EXAMPLES, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      name: `examples/${dir}/${f}`,
      text: fs.readFileSync(path.join(EXAMPLES, dir, f), 'utf8'),
    }));
const terms: Agreement[] = parseTermsOrThrow([...read('terms'), ...read('contracts')]).map(
  (p) => p.agreement,
);
const CONTRACT = { agreement: 'ruijin-chiller-maintenance', starts_on: '2026-11-01', ends_on: '2027-10-31' };

/** The demo's two Ruijin Hospital chillers, as the demo seeds them. */
const chiller417: UnitFacts = {
  serial: 'CH9-2025-00417',
  product: 'CH-900',
  territory: 'CN-SH',
  sold_at: '2025-08-01',
  delivered_at: '2025-08-20',
  installed_at: '2025-09-05',
  maintained_at: ['2026-03-01', '2026-08-28', '2027-02-25', '2027-08-20'],
  owner: 'ruijin-hospital',
};
const chiller31: UnitFacts = {
  serial: 'CH9-2024-00031',
  product: 'CH-900',
  territory: 'CN-SH',
  sold_at: '2024-01-15',
  delivered_at: '2024-02-05',
  installed_at: '2024-02-26',
  maintained_at: ['2024-08-20', '2025-02-18', '2025-08-12', '2026-02-10', '2026-08-04'],
  owner: 'ruijin-hospital',
};
const fails = (date: string, part_category: string) => ({
  reported_at: `${date}T10:00:00+08:00`,
  part_category,
  cause: 'manufacturing_defect',
});

describe('the maintenance contract Ruijin Hospital bought on 2026-11-01 adds to the warranty', () => {
  it('CH9-2025-00417, control board in November 2026: both the warranty (§2) and the contract (MC§2) cover; both cited', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: { ...chiller417, contracts: [CONTRACT] },
      failure: fails('2026-11-20', 'control_board'),
    });
    expect(d.covered).toBe(true);
    expect(d.cites).toEqual(['§2', 'MC§2']);
    expect(d.agreements.map((a) => [a.agreement.id, a.role, a.covered])).toEqual([
      ['acme-chiller-b2b-cn', 'primary', true],
      ['ruijin-chiller-maintenance', 'contributing', true],
    ]);
    expect(d.costs).toEqual({ parts: 'acme', labor: 'acme', travel: 'acme', shipping: 'acme' });
    expect(d.rests_on.map((r) => `${r.agreement} ${r.ref}`)).toEqual(
      expect.arrayContaining(['acme-chiller-b2b-cn §2', 'ruijin-chiller-maintenance MC§2']),
    );
  });

  it('CH9-2025-00417 after the general cover ended (2027-03-05): the contract alone covers labour and travel, parts stay with the hospital', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: { ...chiller417, contracts: [CONTRACT] },
      failure: fails('2027-05-10', 'control_board'),
    });
    expect(d.covered).toBe(true);
    expect(d.agreement?.id).toBe('ruijin-chiller-maintenance');
    expect(d.cites).toEqual(['MC§2']);
    expect(d.costs).toEqual({ parts: 'ruijin-hospital', labor: 'acme', travel: 'acme', shipping: 'acme' });
    expect(d.agreements.find((a) => a.agreement.id === 'acme-chiller-b2b-cn')).toMatchObject({
      role: 'none',
      reason: 'expired',
    });
  });

  it('CH9-2025-00417 without the contract attached: the warranty alone, as before', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: chiller417,
      failure: fails('2027-05-10', 'control_board'),
    });
    expect(d.covered).toBe(false);
    expect(d.reason).toBe('expired');
    expect(d.agreements).toHaveLength(1);
  });

  it('CH9-2024-00031, compressor in November 2026: the warranty’s 5-year compressor cover (§2.3) and the contract both apply; the warranty is not replaced', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: { ...chiller31, contracts: [CONTRACT] },
      failure: fails('2026-11-20', 'compressor'),
    });
    expect(d.covered).toBe(true);
    expect(d.cites).toEqual(['§2.3', 'MC§2']);
    expect(d.agreement?.id).toBe('acme-chiller-b2b-cn');
    // Parts from the warranty (§6), labour either way: the most favourable per cost item.
    expect(d.costs).toEqual({ parts: 'acme', labor: 'acme', travel: 'acme', shipping: 'acme' });
    expect(d.agreements.find((a) => a.agreement.id === 'acme-chiller-b2b-cn')?.bears).toEqual(
      expect.arrayContaining(['parts']),
    );
  });

  it('CH9-2024-00031, control board (general cover ended 2025-08-26): the contract covers; its end is the contract’s effective_to even when sold longer', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: { ...chiller31, contracts: [{ ...CONTRACT, ends_on: '2028-10-31' }] },
      failure: fails('2026-11-20', 'control_board'),
    });
    expect(d.covered).toBe(true);
    expect(d.cites).toEqual(['MC§2']);
    expect(d.covered_through.general).toBe('2027-10-31');
    const after = decideEntitlement({
      agreements: terms,
      unit: { ...chiller31, contracts: [{ ...CONTRACT, ends_on: '2028-10-31' }] },
      failure: fails('2027-11-01', 'control_board'),
    });
    expect(after.covered).toBe(false);
    expect(after.agreements.map((a) => a.reason)).toEqual(['expired', 'expired']);
  });

  it('before the contract starts, it is listed as not in force and decides nothing', () => {
    const d = decideEntitlement({
      agreements: terms,
      unit: { ...chiller31, contracts: [CONTRACT] },
      failure: fails('2026-10-20', 'control_board'),
    });
    expect(d.covered).toBe(false);
    expect(d.reason).toBe('expired');
    expect(d.agreements[1]).toMatchObject({ reason: 'not_in_force', role: 'none' });
  });

  it('the warranty check shows the cover through the contract’s end and names both agreements', () => {
    const o = warrantyOverview(
      terms,
      { ...chiller31, contracts: [CONTRACT] },
      ['compressor', 'control_board'],
      '2026-11-20',
    );
    expect(o.parts.map((p) => [p.partCategory, p.covered, p.lastDay])).toEqual([
      ['compressor', true, '2029-02-25'],
      ['control_board', true, '2027-10-31'],
    ]);
    expect(o.covers.map((c) => c.agreement.id)).toEqual([
      'acme-chiller-b2b-cn',
      'ruijin-chiller-maintenance',
    ]);
  });

  it('a contract with another customer, not sold to this unit, does not cover it', () => {
    const other = { ...chiller31, owner: 'dongguan-plastics' };
    const d = decideEntitlement({
      agreements: terms,
      unit: other,
      failure: fails('2026-11-20', 'control_board'),
    });
    expect(d.agreements.map((a) => a.agreement.id)).toEqual(['acme-chiller-b2b-cn']);
  });
});

// ------------------------------------------------------------------------------------------
// The combination rule, as properties.

const bearerArb: fc.Arbitrary<CostBearer> = fc.constantFrom('provider', 'recipient');
const tableArb = fc.record({ parts: bearerArb, labor: bearerArb, travel: bearerArb, shipping: bearerArb });
const dateArb = fc
  .integer({ min: 0, max: 365 * 8 })
  .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const causes = ['defect', 'misuse', 'wear'] as const;

function contractArb(id: string): fc.Arbitrary<{ agreement: Agreement; start: string; end: string }> {
  return fc
    .record({
      table: tableArb,
      covers: fc.subarray([...causes], { minLength: 1 }),
      start: dateArb,
      days: fc.integer({ min: 1, max: 900 }),
      effectiveTo: fc.option(dateArb, { nil: undefined }),
    })
    .map(({ table, covers, start, days, effectiveTo }) => {
      const end = new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      const agreement: Agreement = {
        id,
        kind: 'service_contract',
        title: id,
        version: 1,
        effective_from: '2020-01-01',
        ...(effectiveTo ? { effective_to: effectiveTo } : {}),
        provider: 'brand',
        recipient: 'owner',
        sold_per_unit: true,
        coverage: { ref: `${id}§1`, covers: [...covers] },
        costs: { ref: `${id}§9`, in_warranty: table, out_of_warranty: {} },
      };
      return { agreement, start, end };
    });
}

const warrantyArb = fc
  .record({
    table: tableArb,
    months: fc.integer({ min: 1, max: 60 }),
    covers: fc.subarray([...causes], { minLength: 1 }),
  })
  .map(
    ({ table, months, covers }): Agreement => ({
      id: 'w',
      kind: 'warranty',
      title: 'W',
      version: 1,
      effective_from: '2020-01-01',
      provider: 'brand',
      recipient: 'customers',
      coverage: { ref: 'W§1', starts_at: 'sale', duration: `P${months}M`, covers: [...covers] },
      costs: { ref: 'W§9', in_warranty: table, out_of_warranty: {} },
    }),
  );

const scenarioArb = fc.record({
  warranty: warrantyArb,
  contracts: fc
    .array(fc.integer({ min: 0, max: 999 }), { maxLength: 3 })
    .chain((ids) => fc.tuple(...[...new Set(ids)].map((i) => contractArb(`c${i}`)))),
  event: dateArb,
  cause: fc.constantFrom(...causes),
});

const baseUnit: UnitFacts = {
  serial: 'S',
  product: 'P',
  territory: 'CN-SH',
  sold_at: '2024-03-01',
  owner: 'owner',
};
type Scenario = {
  warranty: Agreement;
  contracts: { agreement: Agreement; start: string; end: string }[];
  event: string;
  cause: string;
};
function decide(s: Scenario, contracts = s.contracts) {
  return decideEntitlement({
    agreements: [s.warranty, ...contracts.map((c) => c.agreement)],
    unit: {
      ...baseUnit,
      contracts: contracts.map((c) => ({ agreement: c.agreement.id, starts_on: c.start, ends_on: c.end })),
    },
    failure: { reported_at: `${s.event}T10:00:00+08:00`, part_category: 'board', cause: s.cause },
  });
}
const alone = (s: Scenario, i: number) =>
  decideEntitlement({
    agreements: [s.contracts[i]!.agreement],
    unit: {
      ...baseUnit,
      contracts: [
        {
          agreement: s.contracts[i]!.agreement.id,
          starts_on: s.contracts[i]!.start,
          ends_on: s.contracts[i]!.end,
        },
      ],
    },
    failure: { reported_at: `${s.event}T10:00:00+08:00`, part_category: 'board', cause: s.cause },
  });
const providerBorne = (d: ReturnType<typeof decideEntitlement>) =>
  new Set(COST_ITEMS.filter((item) => d.covered && d.costs[item] === 'brand'));

describe('the combination rule (properties)', () => {
  it('covered exactly when some agreement alone covers', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const combined = decide(s);
        const warrantyAlone = decide(s, []).covered;
        const any = warrantyAlone || s.contracts.some((_, i) => alone(s, i).covered);
        expect(combined.covered).toBe(any);
      }),
      { numRuns: 300 },
    );
  });

  it('a contract covers exactly from its start through the earlier of its end and effective_to', () => {
    fc.assert(
      fc.property(contractArb('c'), dateArb, (c, event) => {
        const d = decideEntitlement({
          agreements: [c.agreement],
          unit: { ...baseUnit, contracts: [{ agreement: 'c', starts_on: c.start, ends_on: c.end }] },
          failure: {
            reported_at: `${event}T10:00:00+08:00`,
            part_category: 'board',
            cause: c.agreement.coverage!.covers![0]!,
          },
        });
        const last =
          c.agreement.effective_to && c.agreement.effective_to < c.end ? c.agreement.effective_to : c.end;
        expect(d.covered).toBe(event >= c.start && event <= last);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a contract never leaves the customer worse off: cover, provider-borne cost items and cover ends only grow', () => {
    fc.assert(
      fc.property(scenarioArb, contractArb('extra'), (s, extra) => {
        const before = decide(s);
        const after = decide(s, [...s.contracts, extra]);
        if (before.covered) expect(after.covered).toBe(true);
        for (const item of providerBorne(before)) expect(providerBorne(after).has(item)).toBe(true);
        for (const [key, end] of Object.entries(before.cover_ends)) {
          if (end !== null) expect((after.cover_ends[key] ?? '') >= end).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('each cost item falls on the provider when any covering agreement puts it there', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const d = decide(s);
        if (!d.covered) return;
        const coveringIds = new Set(d.agreements.filter((a) => a.covered).map((a) => a.agreement.id));
        const all = [s.warranty, ...s.contracts.map((c) => c.agreement)].filter((a) => coveringIds.has(a.id));
        for (const item of COST_ITEMS) {
          const anyProvider = all.some((a) => a.costs?.in_warranty?.[item] === 'provider');
          expect(d.costs[item] === 'brand').toBe(anyProvider);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every covering agreement is cited, and the answer does not depend on the order contracts are listed in', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const d = decide(s);
        for (const a of d.agreements.filter((x) => x.covered)) {
          for (const ref of a.cites) expect(d.cites).toContain(ref);
          expect(d.rests_on.some((r) => r.agreement === a.agreement.id)).toBe(true);
        }
        const reversed = decide(s, [...s.contracts].reverse());
        expect(reversed.covered).toBe(d.covered);
        expect(reversed.costs).toEqual(d.costs);
        expect(reversed.covered_through).toEqual(d.covered_through);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../terms/agreement.ts';
import { type ClaimedLine, decideClaim, type RepairFacts } from './claim.ts';

const FIXIT: Agreement = {
  id: 'fixit-shanghai-partner',
  kind: 'service_partner',
  title: 'FixIt',
  version: 1,
  effective_from: '2025-07-01',
  provider: 'fixit-shanghai',
  recipient: 'acme',
  currency: 'CNY',
  compensation: {
    ref: '§5',
    labor: { rate: 180, per: 'PT1H', standard_times: true },
    travel: { rate: 2.5, per_km: true, free_km: 30 },
    claims: {
      submit_within: 'P30D',
      evidence: ['photos', 'replaced_part_serial', 'customer_signature'],
      paid_within: 'P45D',
    },
  },
  spare_parts: { ref: '§6', stocking: 'consignment', defective_returns: { within: 'P30D' } },
};
const COVERED = { covered: true, cites: ['§2.3'], agreement: { id: 'acme-chiller-b2b-cn', version: 1 } };
const REPAIR: RepairFacts = {
  completedOn: '2027-11-12',
  operations: [{ operation: 'replace_compressor', standardMinutes: 360, actualMinutes: 400 }],
  visitKm: 45,
  parts: [
    { partNumber: 'CMP-900', quantity: 1, unitCostMinor: 1_860_000, consignment: true, serialOut: 'C9-1' },
  ],
  customerSigned: true,
};
const LINES: ClaimedLine[] = [
  { kind: 'labor', item: 'replace_compressor', quantity: 360, amountMinor: 108_000 },
  { kind: 'travel', quantity: 45, amountMinor: 3_750 },
];
const decide = (over: Partial<Parameters<typeof decideClaim>[0]> = {}) =>
  decideClaim({
    partner: FIXIT,
    cover: COVERED,
    repair: REPAIR,
    lines: LINES,
    evidence: ['photos'],
    submittedOn: '2027-11-15',
    ...over,
  });

describe('partner claims', () => {
  it('year three compressor: labor at 180/h for the standard time, kilometres beyond the free 30 at 2.5: approved', () => {
    const d = decide();
    expect(d.outcome).toBe('approved');
    expect(d.approvedMinor).toBe(111_750);
    expect(d.lines.map((l) => l.ref)).toEqual(['§5', '§5']);
    expect(d.submitBy).toBe('2027-12-12');
  });

  it('not covered for the customer: rejected citing the customer clause', () => {
    const d = decide({ cover: { covered: false, cites: ['§3.1'], agreement: null } });
    expect(d.outcome).toBe('rejected');
    expect(d.lines.every((l) => l.ref === '§3.1' && l.reason === 'not_covered')).toBe(true);
  });

  it('submitted on the 30th day after completion: too late (the window is up to, not including, P30D)', () => {
    expect(decide({ submittedOn: '2027-12-11' }).outcome).toBe('approved');
    const late = decide({ submittedOn: '2027-12-12' });
    expect(late.outcome).toBe('rejected');
    expect(late.lines[0]!.reason).toBe('submitted_late');
  });

  it('photos missing: rejected, naming what is missing; no signature either', () => {
    const d = decide({ evidence: [], repair: { ...REPAIR, customerSigned: false } });
    expect(d.outcome).toBe('rejected');
    expect(d.missingEvidence).toEqual(['photos', 'customer_signature']);
  });

  it('own stock parts at catalogue cost (plus markup); consignment parts not at all', () => {
    const own = { ...REPAIR, parts: [{ ...REPAIR.parts[0]!, consignment: false }] };
    const parts: ClaimedLine = { kind: 'parts', item: 'CMP-900', quantity: 1, amountMinor: 2_000_000 };
    const withMarkup = { ...FIXIT, compensation: { ...FIXIT.compensation!, parts: { markup_percent: 5 } } };
    expect(decide({ repair: own, lines: [parts], partner: withMarkup }).lines[0]).toMatchObject({
      status: 'reduced',
      approvedMinor: 1_953_000,
    });
    expect(decide({ lines: [parts] }).lines[0]).toMatchObject({
      status: 'rejected',
      ref: '§6',
      reason: 'consignment_stock',
    });
  });

  it('property: no line is approved above what was claimed, the rate, the standard time or the paid kilometres', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 100_000 }),
        (minutes, laborAmount, km, claimedKm, travelAmount) => {
          const d = decide({
            repair: { ...REPAIR, visitKm: km },
            lines: [
              { kind: 'labor', item: 'replace_compressor', quantity: minutes, amountMinor: laborAmount },
              { kind: 'travel', quantity: claimedKm, amountMinor: travelAmount },
            ],
          });
          const [labor, travel] = d.lines;
          expect(labor!.approvedMinor).toBeLessThanOrEqual(laborAmount);
          expect(labor!.approvedMinor).toBeLessThanOrEqual(
            Math.round((18_000 * Math.min(minutes, 360)) / 60),
          );
          expect(travel!.approvedMinor).toBeLessThanOrEqual(travelAmount);
          expect(travel!.approvedMinor).toBe(
            Math.min(travelAmount, 250 * Math.max(0, Math.min(claimedKm, km) - 30)),
          );
          expect(d.approvedMinor).toBe(labor!.approvedMinor + travel!.approvedMinor);
          expect(['approved', 'partly_approved', 'rejected']).toContain(d.outcome);
          if (d.outcome === 'approved') expect(d.approvedMinor).toBe(d.claimedMinor);
        },
      ),
    );
  });
});

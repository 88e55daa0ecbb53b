import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../terms/agreement.ts';
import { addToDate, daysBetween } from '../time/duration.ts';
import { approvalDeadline, canMoveReturn, checkReturn } from './returns.ts';

const PUREAIR: Agreement = {
  id: 'acme-pureair-consumer-cn',
  kind: 'warranty',
  title: 'PureAir',
  version: 2,
  effective_from: '2026-01-01',
  provider: 'acme',
  recipient: 'end-customers',
  returns: {
    ref: '§6',
    no_reason_window: 'P7D',
    replacement_window: 'P15D',
    approval: { decide_within: 'P2D', clock: 'calendar' },
    conditions: ['original_packaging', 'proof_of_purchase'],
  },
};
const KEPT = { original_packaging: true, proof_of_purchase: true };
const day = (n: number) =>
  addToDate('2026-03-16', { years: 0, months: 0, weeks: 0, days: n, hours: 0, minutes: 0, seconds: 0 });
const facts = (
  n: number,
  reason: 'no_reason' | 'performance_fault' = 'no_reason',
  conditions: Record<string, boolean> = KEPT,
) => ({
  reason,
  requestedOn: day(n),
  requestedAt: `${day(n)}T02:00:00.000Z`,
  deliveredOn: '2026-03-16',
  soldOn: '2026-03-14',
  conditions,
});

describe('checkReturn', () => {
  it('day 5 without reason is approved for a refund citing §6; day 9 is rejected citing §6', () => {
    expect(checkReturn(PUREAIR, facts(5))).toMatchObject({
      verdict: 'approve',
      remedy: 'refund',
      cites: ['§6'],
      day: 5,
    });
    expect(checkReturn(PUREAIR, facts(9))).toMatchObject({
      verdict: 'reject',
      reason: 'outside_window',
      cites: ['§6'],
    });
  });

  it('the window is P7D from delivery: day 6 is the last day inside it', () => {
    expect(checkReturn(PUREAIR, facts(6)).verdict).toBe('approve');
    expect(checkReturn(PUREAIR, facts(7)).verdict).toBe('reject');
    expect(checkReturn(PUREAIR, facts(0)).lastDay).toBe('2026-03-22');
  });

  it('a performance fault gives a replacement up to day 14, then repair under the warranty', () => {
    expect(checkReturn(PUREAIR, facts(14, 'performance_fault', {}))).toMatchObject({
      verdict: 'approve',
      remedy: 'replace',
    });
    expect(checkReturn(PUREAIR, facts(15, 'performance_fault', {})).verdict).toBe('reject');
  });

  it('the approval clock is two calendar days from the request', () => {
    expect(checkReturn(PUREAIR, facts(1)).decideBy).toBe('2026-03-19T02:00:00.000Z');
    expect(approvalDeadline('2026-01-31T10:00:00.000Z', 'P1M')).toBe('2026-03-03T10:00:00.000Z');
  });

  it('terms without a returns clause reject; an "other" reason is referred to an agent', () => {
    const { returns: _, ...noReturns } = PUREAIR;
    expect(checkReturn(noReturns, facts(1)).reason).toBe('no_returns_terms');
    expect(checkReturn(PUREAIR, { ...facts(1), reason: 'other' }).verdict).toBe('refer');
  });

  it('property: a no-reason return is approved exactly when inside the window with every condition kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 60 }), fc.boolean(), fc.boolean(), (n, box, proof) => {
        const check = checkReturn(
          PUREAIR,
          facts(n, 'no_reason', { original_packaging: box, proof_of_purchase: proof }),
        );
        const inside = n >= 0 && n < 7;
        expect(check.verdict === 'approve').toBe(inside && box && proof);
        expect(check.cites).toEqual(['§6']);
        if (check.day !== null) expect(check.day).toBe(daysBetween('2026-03-16', day(n)));
      }),
    );
  });

  it('the return states move forward only', () => {
    expect(canMoveReturn('requested', 'approved')).toBe(true);
    expect(canMoveReturn('rejected', 'approved')).toBe(false);
    expect(canMoveReturn('closed', 'requested')).toBe(false);
  });
});

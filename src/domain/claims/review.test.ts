import { describe, expect, it } from 'vitest';
import type { ClaimDecision } from './claim.ts';
import { reviewClaim } from './review.ts';

const proposal: ClaimDecision = {
  outcome: 'partly_approved',
  lines: [
    {
      kind: 'labor',
      item: 'diagnose',
      quantity: 50,
      amountMinor: 15000,
      status: 'approved',
      approvedMinor: 15000,
      ref: '§5',
      reason: 'at_agreed_rate',
      explanation: { en: 'At the rate.', zh: '按费率。' },
    },
    {
      kind: 'travel',
      quantity: 45,
      amountMinor: 11250,
      status: 'reduced',
      approvedMinor: 3750,
      ref: '§5',
      reason: 'beyond_free_km',
      explanation: { en: '15 km paid.', zh: '15 公里。' },
    },
  ],
  claimedMinor: 26250,
  approvedMinor: 18750,
  currency: 'CNY',
  missingEvidence: [],
  submitBy: null,
  cites: ['§5'],
  partnerAgreement: null,
  cover: { covered: true, cites: [], agreement: null },
};
const reviewer = { name: 'Max Manager', on: '2026-12-02' };

describe('the brand’s review of a claim’s lines', () => {
  it('overrides the proposal line by line, keeping it beside, and decides the claim again', () => {
    const result = reviewClaim(
      proposal,
      [
        { line: 1, status: 'approved', reason: 'Detour for a closed road.', ref: '§5.3' },
        { line: 0, status: 'reduced', amount: '120.00', reason: '40 min by the log.', ref: '§5' },
      ],
      reviewer,
    );
    if (!result.ok) throw new Error('refused');
    const [diagnose, travel] = result.decision.lines;
    expect(diagnose).toMatchObject({ status: 'reduced', approvedMinor: 12000, reason: 'reviewer_decision' });
    expect(travel).toMatchObject({
      status: 'approved',
      approvedMinor: 11250,
      ref: '§5.3',
      proposed: { status: 'reduced', approvedMinor: 3750, ref: '§5', reason: 'beyond_free_km' },
      reviewed: { by: 'Max Manager', on: '2026-12-02' },
    });
    expect(result.decision).toMatchObject({
      outcome: 'partly_approved',
      approvedMinor: 23250,
      cites: ['§5', '§5.3'],
    });
    // Reviewed again, the terms' first proposal is what stays beside it.
    const again = reviewClaim(
      result.decision,
      [{ line: 1, status: 'rejected', reason: 'x', ref: '§5' }],
      reviewer,
    );
    if (!again.ok) throw new Error('refused');
    expect(again.decision.lines[1]?.proposed).toMatchObject({ status: 'reduced', reason: 'beyond_free_km' });
  });

  it('all approved is approved; nothing approved is rejected', () => {
    const all = reviewClaim(proposal, [{ line: 1, status: 'approved', reason: 'ok', ref: '§5' }], reviewer);
    expect(all.ok && all.decision.outcome).toBe('approved');
    const none = reviewClaim(
      proposal,
      [
        { line: 0, status: 'rejected', reason: 'no', ref: '§5' },
        { line: 1, status: 'rejected', reason: 'no', ref: '§5' },
      ],
      reviewer,
    );
    expect(none.ok && none.decision).toMatchObject({ outcome: 'rejected', approvedMinor: 0 });
  });

  it('names each wrong line: no such line, twice, a reduction without or beyond the claim, an amount on an approval', () => {
    const result = reviewClaim(
      proposal,
      [
        { line: 5, status: 'approved', reason: 'x', ref: '§5' },
        { line: 0, status: 'reduced', reason: 'x', ref: '§5' },
        { line: 1, status: 'reduced', amount: '112.50', reason: 'x', ref: '§5' },
        { line: 1, status: 'approved', reason: 'x', ref: '§5' },
      ],
      reviewer,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      '/body/lines/0/line',
      '/body/lines/1/amount',
      '/body/lines/2/amount',
      '/body/lines/3/line',
    ]);
    expect(result.problems.every((p) => p.message.en && p.message.zh)).toBe(true);
    const withAmount = reviewClaim(
      proposal,
      [{ line: 0, status: 'approved', amount: '1', reason: 'x', ref: '§5' }],
      reviewer,
    );
    expect(withAmount.ok).toBe(false);
  });
});

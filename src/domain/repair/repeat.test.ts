import { describe, expect, it } from 'vitest';
import type { Agreement } from '../terms/agreement.ts';
import { decideRepeatFailure } from './repeat.ts';

const CHILLER: Agreement = {
  id: 'acme-chiller-b2b-cn',
  kind: 'warranty',
  title: 'CH-900',
  version: 1,
  effective_from: '2025-07-01',
  provider: 'acme',
  recipient: 'business-customers',
  coverage: { ref: '§2', remedies: ['repair', 'replace'] },
  escalation: { ref: '§7', rules: [{ when: { repeat_failures: 2, within: 'P30D' }, level: 'management' }] },
};

describe('repeat-failure rule', () => {
  it('first repair: nothing; second of the same fault within 30 days: raised with §7; third: replacement citing §2', () => {
    expect(decideRepeatFailure(CHILLER, 'compressor', '2026-11-23', [])).toMatchObject({
      ordinal: 1,
      raised: false,
    });
    const second = decideRepeatFailure(CHILLER, 'compressor', '2026-12-01', [
      { openedOn: '2026-11-23', partCategory: 'compressor' },
    ]);
    expect(second).toMatchObject({
      ordinal: 2,
      raised: true,
      offerReplacement: false,
      escalation: { level: 'management', ref: '§7' },
      cites: ['§7'],
    });
    const third = decideRepeatFailure(CHILLER, 'compressor', '2026-12-03', [
      { openedOn: '2026-11-23', partCategory: 'compressor' },
      { openedOn: '2026-12-01', partCategory: 'compressor' },
    ]);
    expect(third).toMatchObject({ ordinal: 3, offerReplacement: true, cites: ['§7', '§2'] });
  });

  it('a second repair outside the window is still a repeat, without the escalation; another fault is not', () => {
    const late = decideRepeatFailure(CHILLER, 'compressor', '2027-03-01', [
      { openedOn: '2026-11-23', partCategory: 'compressor' },
    ]);
    expect(late).toMatchObject({ ordinal: 2, raised: true, escalation: null, cites: [] });
    expect(
      decideRepeatFailure(CHILLER, 'pump', '2026-12-01', [
        { openedOn: '2026-11-23', partCategory: 'compressor' },
      ]).raised,
    ).toBe(false);
  });

  it('the terms’ own repeat_failure clause is cited for the replacement when it exists', () => {
    const withClause = {
      ...CHILLER,
      coverage: {
        ...CHILLER.coverage,
        repeat_failure: { after: 2, remedy: 'replace' as const, ref: '§2.6' },
      },
    };
    const third = decideRepeatFailure(withClause, 'compressor', '2026-12-03', [
      { openedOn: '2026-11-23', partCategory: 'compressor' },
      { openedOn: '2026-12-01', partCategory: 'compressor' },
    ]);
    expect(third.cites).toEqual(['§7', '§2.6']);
  });
});

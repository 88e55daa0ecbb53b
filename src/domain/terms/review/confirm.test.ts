import { describe, expect, it } from 'vitest';
import type { Agreement } from '../agreement.ts';
import { applyConfirmed, nextVersionOf } from './confirm.ts';

const base = {
  id: 'w',
  kind: 'warranty',
  title: 'W',
  version: 1,
  effective_from: '2026-01-01',
  provider: 'acme',
  recipient: 'business-customers',
  coverage: { ref: '§2', duration: 'P18M', components: [{ part_category: 'compressor', duration: 'P5Y' }] },
} as unknown as Agreement;

describe('confirmed draft values set into terms', () => {
  it('sets each value at its field, keyed lists by their key, and keeps the clause wording and ref', () => {
    const { agreement, problems } = applyConfirmed(nextVersionOf(base, '2026-11-16'), [
      {
        ref: '§2',
        text: '整机保修两年，压缩机保修六年。',
        values: [
          { field: 'coverage.duration', value: 'P2Y' },
          { field: 'coverage.components[compressor].duration', value: 'P6Y' },
          { field: 'coverage.components[motor].duration', value: 'P3Y' },
        ],
      },
      {
        ref: '§4',
        values: [
          { field: 'service_levels.targets.critical.onsite', value: 'PT12H' },
          { field: 'service_levels.credits.per_breach.percent_of_annual_fee', value: '2' },
          { field: 'scope.territory', value: 'CN-SH' },
        ],
      },
    ]);
    expect(problems).toEqual([]);
    const a = agreement;
    expect(a).toMatchObject({ version: 2, supersedes: 1, effective_from: '2026-11-16' });
    expect(a.coverage?.duration).toBe('P2Y');
    expect(a.coverage?.wording).toEqual({ zh: '整机保修两年，压缩机保修六年。' });
    expect(a.coverage?.components).toEqual([
      { part_category: 'compressor', duration: 'P6Y' },
      { part_category: 'motor', duration: 'P3Y', ref: '§2' },
    ]);
    expect(a.service_levels).toEqual([
      {
        ref: '§4',
        targets: { critical: { onsite: 'PT12H' } },
        credits: { per_breach: { percent_of_annual_fee: 2 } },
      },
    ]);
    expect(a.scope?.territory).toEqual(['CN-SH']);
    // The stored version is not touched.
    expect(base.coverage?.duration).toBe('P18M');
  });

  it('refuses a field whose severity was not chosen, naming the clause', () => {
    const { problems } = applyConfirmed(base, [
      { ref: '§3', values: [{ field: 'service_levels.targets.*.response', value: 'PT24H' }] },
    ]);
    expect(problems).toEqual([expect.objectContaining({ path: '/clauses/0/values/0/field' })]);
    expect(problems[0]!.message.en).toContain('§3');
  });
});

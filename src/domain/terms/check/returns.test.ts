import { describe, expect, it } from 'vitest';
import type { Agreement, CustomerType } from '../agreement.ts';
import { checkTerms } from './index.ts';

/** A China warranty with a 5-day no-reason return window; who the customers are as given. */
function warranty(customers: CustomerType[] | undefined, over: Partial<Agreement> = {}): Agreement {
  return {
    id: 'online-cn',
    kind: 'warranty',
    title: 'Online sales warranty, mainland China',
    version: 1,
    effective_from: '2026-01-01',
    provider: 'brand',
    recipient: 'customers',
    scope: { territory: ['CN'], ...(customers && { customers }) },
    coverage: { starts_at: 'sale', duration: 'P1Y', remedies: ['repair'] },
    returns: { ref: '§6', no_reason_window: 'P5D', replacement_window: 'P15D' },
    ...over,
  };
}

const about = (a: Agreement) =>
  checkTerms([a]).findings.filter((f) =>
    ['statutory.cn_returns_window', 'statutory.cn_customers_unstated'].includes(f.code),
  );

describe('a China no-reason return window under 7 days, by who the customers are', () => {
  it('businesses only: no finding (the 7 days are a consumer right)', () => {
    expect(about(warranty(['business']))).toEqual([]);
  });

  it('consumers (alone or with businesses): below the statutory 7 days, citing the returns clause', () => {
    for (const customers of [['consumer'], ['consumer', 'business']] as CustomerType[][]) {
      const [f, ...more] = about(warranty(customers));
      expect(more).toEqual([]);
      expect(f).toMatchObject({
        code: 'statutory.cn_returns_window',
        severity: 'high',
        refs: [{ agreement: 'online-cn', ref: '§6' }],
        details: { field: 'returns.no_reason_window', value: 'P5D', floor: 'P7D' },
      });
      expect(f!.message.en).toContain('7 days');
      expect(f!.message.zh).toContain('7 天');
    }
  });

  it('unstated: a finding asking the terms to say whether the customers are consumers', () => {
    const [f, ...more] = about(warranty(undefined));
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      code: 'statutory.cn_customers_unstated',
      severity: 'medium',
      refs: [{ agreement: 'online-cn', ref: '§6' }],
      details: { field: 'scope.customers', value: 'P5D', floor: 'P7D' },
      label: { en: 'Return window under 7 days, customers not stated', zh: '退货期不足七日且未写明客户类型' },
    });
    expect(f!.message.en).toContain('Consumer Rights Protection Law (art. 25)');
    expect(f!.message.zh).toContain('第二十五条');
    expect(f!.fix.en).toContain('scope.customers');
    // A recipient that reads like consumers makes it likely, and so a high risk.
    expect(about(warranty(undefined, { recipient: 'end-customers' }))[0]).toMatchObject({
      code: 'statutory.cn_customers_unstated',
      severity: 'high',
    });
  });

  it('7 days or more, or outside China: nothing to ask', () => {
    const seven = warranty(undefined);
    seven.returns = { ref: '§6', no_reason_window: 'P7D' };
    expect(about(seven)).toEqual([]);
    expect(about(warranty(undefined, { scope: { territory: ['DE'] } }))).toEqual([]);
  });
});

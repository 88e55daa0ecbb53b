import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Agreement, intakeDuty, partnerAgreement } from './agreement.ts';

const TERMS = path.resolve(import.meta.dirname, '../../../examples/terms');
const agreements = fs
  .readdirSync(TERMS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(fs.readFileSync(path.join(TERMS, f), 'utf8')) as Agreement);

describe('partnerAgreement', () => {
  it('finds the service-partner agreement a party provides, while it is in force', () => {
    expect(partnerAgreement(agreements, 'fixit-shanghai', '2026-11-23')?.id).toBe('fixit-shanghai-partner');
    expect(partnerAgreement(agreements, 'pearl-river-service', '2025-07-01')?.id).toBe('pearl-river-partner');
  });

  it('finds none before it starts or after it ends', () => {
    expect(partnerAgreement(agreements, 'fixit-shanghai', '2025-06-30')).toBeUndefined();
    expect(partnerAgreement(agreements, 'fixit-shanghai', '2027-07-01')).toBeUndefined();
  });

  it('finds none for a party that provides under another kind of agreement', () => {
    expect(partnerAgreement(agreements, 'ningbo-motor', '2026-11-23')).toBeUndefined();
    expect(partnerAgreement(agreements, 'acme', '2026-11-23')).toBeUndefined();
  });
});

describe('intakeDuty', () => {
  it('finds the distribution clause that makes a party first-line support for its customers', () => {
    expect(intakeDuty(agreements, 'huadong-trading', '2026-11-23')).toEqual({
      agreement: { id: 'huadong-distribution', version: 1 },
      ref: '§6',
      duty: 'first_line_support',
    });
  });

  it('finds none outside the agreement’s term, for a partner or supplier, or without such a duty', () => {
    expect(intakeDuty(agreements, 'huadong-trading', '2025-02-28')).toBeUndefined();
    expect(intakeDuty(agreements, 'huadong-trading', '2028-03-01')).toBeUndefined();
    expect(intakeDuty(agreements, 'fixit-shanghai', '2026-11-23')).toBeUndefined();
    expect(intakeDuty(agreements, 'ningbo-motor', '2026-11-23')).toBeUndefined();
    const huadong = agreements.find((a) => a.id === 'huadong-distribution')!;
    const onlyReturns = { ...huadong, duties: { ref: '§6', items: ['returns_intake'] } } as Agreement;
    expect(intakeDuty([onlyReturns], 'huadong-trading', '2026-11-23')).toBeUndefined();
    const measured = {
      ...huadong,
      duties: { ref: '§6', items: [{ duty: 'customer_contact', within: 'PT4H', ref: '§6.2' }] },
    } as Agreement;
    expect(intakeDuty([measured], 'huadong-trading', '2026-11-23')?.ref).toBe('§6.2');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Agreement, partnerAgreement } from './agreement.ts';

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

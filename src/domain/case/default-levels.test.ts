import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement } from '../terms/agreement.ts';
import { checkTerms } from '../terms/check/index.ts';
import { defaultLevelsAgreement, planDefaultClocks } from './case.ts';

const DIR = path.resolve(import.meta.dirname, '../../../examples/terms');
const examples: Agreement[] = parseTermsOrThrow(
  fs.readdirSync(DIR).map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') })),
).map((p) => p.agreement);

describe("the tenant's default service levels", () => {
  it('come from the customer-facing agreement in force whose levels say default: true', () => {
    const governing = defaultLevelsAgreement(examples, '2026-11-23');
    expect(governing?.id).toBe('acme-chiller-b2b-cn');
    const plans = planDefaultClocks(governing!, 'high');
    expect(plans.find((p) => p.target === 'response')).toMatchObject({ duration: 'PT4H', ref: '§4' });
    // Before the agreement took effect there are none.
    expect(defaultLevelsAgreement(examples, '2020-01-01')).toBeUndefined();
  });

  it('are reported missing by the terms check when no customer-facing agreement states them', () => {
    const without = examples.map((a) =>
      a.service_levels ? { ...a, service_levels: a.service_levels.map(({ default: _, ...l }) => l) } : a,
    );
    const missing = checkTerms(without).findings.filter((f) => f.code === 'sla.no_default_levels');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message.zh).toContain('默认服务时限');
    expect(checkTerms(examples).findings.some((f) => f.code === 'sla.no_default_levels')).toBe(false);
    // A partner's file alone promises customers nothing: nothing to report.
    const partnerOnly = examples.filter((a) => a.kind === 'service_partner');
    expect(checkTerms(partnerOnly).findings.some((f) => f.code === 'sla.no_default_levels')).toBe(false);
  });
});

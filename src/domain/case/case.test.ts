import { describe, expect, it } from 'vitest';
import type { Agreement } from '../terms/agreement.ts';
import { canMove, conditionsOf, planClocks, severityFor } from './case.ts';

const chiller: Agreement = {
  id: 'acme-chiller-b2b-cn',
  kind: 'warranty',
  title: 'CH-900',
  version: 1,
  effective_from: '2025-07-01',
  provider: 'acme',
  recipient: 'business-customers',
  scope: { products: ['CH-900'], territory: ['CN'] },
  service_levels: [
    {
      ref: '§4',
      mode: 'onsite',
      calendar: 'cn-business',
      clock: 'business',
      targets: {
        critical: { response: 'PT2H', onsite: 'PT24H', resolution: 'PT72H' },
        normal: { response: 'PT8H', resolution: 'P10D' },
      },
      pause_while: ['waiting_on_customer', 'site_not_accessible'],
    },
  ],
};

describe('case states', () => {
  it('allow the ordinary path and reopening, and nothing else', () => {
    expect(canMove('new', 'in_progress')).toBe(true);
    expect(canMove('in_progress', 'waiting_on_customer')).toBe(true);
    expect(canMove('resolved', 'in_progress')).toBe(true);
    expect(canMove('closed', 'in_progress')).toBe(true);
    expect(canMove('closed', 'resolved')).toBe(false);
    expect(canMove('in_progress', 'new')).toBe(false);
  });

  it('name the conditions that pause clocks', () => {
    expect(conditionsOf('waiting_on_customer', { siteNotAccessible: false })).toEqual([
      'waiting_on_customer',
    ]);
    expect(conditionsOf('in_progress', { siteNotAccessible: true })).toEqual(['site_not_accessible']);
    expect(conditionsOf('in_progress', { siteNotAccessible: false })).toEqual([]);
  });
});

describe('clock plans', () => {
  it('start one clock per target of the case’s severity, citing the clause', () => {
    const plans = planClocks(chiller, 'promise', {
      severity: 'critical',
      product: 'CH-900',
      territory: 'CN-SH',
    });
    expect(plans.map((p) => [p.target, p.duration])).toEqual([
      ['response', 'PT2H'],
      ['onsite', 'PT24H'],
      ['resolution', 'PT72H'],
    ]);
    expect(plans[0]).toMatchObject({
      ref: '§4',
      clock: 'business',
      calendar: 'cn-business',
      owedBy: 'acme',
      severityUsed: 'critical',
    });
  });

  it('use the nearest severity the terms name, preferring the less urgent', () => {
    const levels = chiller.service_levels![0]!;
    expect(severityFor(levels, 'high')).toBe('normal');
    expect(severityFor(levels, 'low')).toBe('normal');
    expect(severityFor(levels, 'critical')).toBe('critical');
    expect(severityFor({ targets: { critical: { response: 'PT1H' } } }, 'low')).toBe('critical');
    expect(severityFor({ targets: {} }, 'low')).toBeUndefined();
  });

  it('start nothing outside the agreement’s products and territories', () => {
    expect(
      planClocks(chiller, 'promise', { severity: 'critical', product: 'PA-300', territory: 'CN-SH' }),
    ).toEqual([]);
    expect(
      planClocks(chiller, 'promise', { severity: 'critical', product: 'CH-900', territory: 'DE-BE' }),
    ).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { EscalationRule } from '../terms/agreement.ts';
import { triggeredRules } from './escalation.ts';

const rules: EscalationRule[] = [
  { when: { breached: 'onsite' }, level: 'supervisor' },
  { when: { repeat_failures: 2, within: 'P30D' }, level: 'management' },
  { when: { batch_failure_rate: 0.02, window: 'P90D' }, level: 'management' },
  { when: { safety_issue: true }, level: 'management', act_within: 'PT1H' },
  { when: { customer_threatens: ['media', 'regulator', 'legal_action'] }, level: 'legal' },
];

const quiet = { safetyIssue: false, threats: [], repeatFailures: () => 1, batchFailureRate: () => 0 };

describe('escalation rules', () => {
  it('raise nothing for an ordinary case, and leave breaches to the clock worker', () => {
    expect(triggeredRules(rules, quiet)).toEqual([]);
  });

  it('raise the safety rule with its act-within, and the threat rule naming the threat', () => {
    const raised = triggeredRules(rules, { ...quiet, safetyIssue: true, threats: ['media'] });
    expect(raised.map((r) => [r.rule.level, r.trigger])).toEqual([
      ['management', { safety_issue: true }],
      ['legal', { customer_threatens: ['media'] }],
    ]);
    expect(raised[0]!.rule.act_within).toBe('PT1H');
  });

  it('count repeat failures within the rule’s period and the batch rate over its window', () => {
    const seen: string[] = [];
    const raised = triggeredRules(rules, {
      ...quiet,
      repeatFailures: (within) => {
        seen.push(within);
        return 2;
      },
      batchFailureRate: (window) => {
        seen.push(window);
        return 0.025;
      },
    });
    expect(seen).toEqual(['P30D', 'P90D']);
    expect(raised.map((r) => r.trigger)).toEqual([
      { repeat_failures: 2, within: 'P30D' },
      { batch_failure_rate: 0.02, window: 'P90D' },
    ]);
  });
});

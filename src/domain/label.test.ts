import { describe, expect, it } from 'vitest';
import type { Change } from '../app/evidence/record-change.ts';
import * as labels from '../http/contracts/labels.ts';
import { CASE_KINDS, SEVERITIES } from './case/case.ts';
import { triggerInWords } from './case/labels.ts';
import { type Label, labelOf } from './label.ts';
import { durationInWords } from './time/labels.ts';

const maps = Object.entries(labels as Record<string, unknown>).filter(
  (e): e is [string, Record<string, Label>] => e[0].endsWith('_LABELS') && typeof e[1] === 'object',
);

describe('label maps', () => {
  it('name every key in English and in Chinese, and no name is a key', () => {
    expect(maps.length).toBeGreaterThan(25);
    for (const [name, map] of maps) {
      for (const [key, label] of Object.entries(map)) {
        expect(label.en, `${name}.${key}`).toMatch(/\S/);
        expect(label.zh, `${name}.${key}`).toMatch(/[\u4e00-\u9fff]/);
        expect(label.en, `${name}.${key}`).not.toMatch(/\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/);
      }
    }
  });

  it('give the lists in the order written (severities most urgent first)', () => {
    expect(SEVERITIES).toEqual(['critical', 'high', 'normal', 'low']);
    expect(CASE_KINDS).toEqual(['inquiry', 'repair', 'field_visit', 'return', 'complaint', 'maintenance']);
  });

  it('read a key outside a closed list in words', () => {
    expect(labelOf(labels.FAILURE_CAUSE_LABELS, 'misuse')).toEqual({ en: 'Misuse', zh: '使用不当' });
    expect(labelOf(labels.FAILURE_CAUSE_LABELS, 'rodent_damage')).toEqual({
      en: 'rodent damage',
      zh: 'rodent damage',
    });
    expect(labelOf(labels.FAILURE_CAUSE_LABELS, 'toString').en).toBe('toString');
  });

  it('refuse an entry type nobody knows, at compile time', () => {
    const known: Change['type'] = 'case.opened';
    // @ts-expect-error: a typo in an entry type does not compile
    const typo: Change['type'] = 'case.opend';
    expect([known, typo]).toHaveLength(2);
  });
});

describe('durations in words', () => {
  it('say business time in business hours, never turned into days', () => {
    expect(durationInWords('PT48H', 'business')).toEqual({ en: '48 business hours', zh: '48 个工作小时' });
    expect(durationInWords('PT1H30M', 'business')).toEqual({
      en: '1 business hour 30 minutes',
      zh: '1 个工作小时 30 分钟',
    });
    expect(durationInWords('PT30M', 'business')).toEqual({ en: '30 business minutes', zh: '30 分钟' });
    expect(durationInWords('P5D', 'business')).toEqual({ en: '5 business days', zh: '5 个工作日' });
  });

  it('say calendar time in its own units', () => {
    expect(durationInWords('P5D')).toEqual({ en: '5 days', zh: '5 天' });
    expect(durationInWords('P2Y')).toEqual({ en: '2 years', zh: '2 年' });
    expect(durationInWords('P18M')).toEqual({ en: '18 months', zh: '18 个月' });
    expect(durationInWords('P1DT12H')).toEqual({ en: '1 day 12 hours', zh: '1 天 12 小时' });
    expect(durationInWords('PT4H')).toEqual({ en: '4 hours', zh: '4 小时' });
  });

  it('leave text that is not a duration as it is', () => {
    expect(durationInWords('soon')).toEqual({ en: 'soon', zh: 'soon' });
  });
});

describe('escalation triggers in words', () => {
  it('name the condition, with periods in words', () => {
    expect(triggerInWords({ breached: 'response' })).toEqual({
      en: 'Target missed: Response',
      zh: '时限超时：响应',
    });
    expect(triggerInWords({ repeat_failures: 2, within: 'P30D' })).toEqual({
      en: 'Repeat failures: 2 within 30 days',
      zh: '重复故障：30 天内 2 次',
    });
    expect(triggerInWords({ customer_threatens: ['media', 'legal_action'] }).en).toBe(
      'Customer threatens going to the media, legal action',
    );
    expect(triggerInWords({ manual: true, reason: 'VIP' }).zh).toBe('人工升级：VIP');
  });
});

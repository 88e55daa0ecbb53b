import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement } from './agreement.ts';
import { type CheckReport, checkTerms, type Finding } from './check/index.ts';
import { renderHtml, renderText } from './summary.ts';

const DIR = path.resolve(import.meta.dirname, '../../../examples/terms');
const examples: Agreement[] = parseTermsOrThrow(
  fs.readdirSync(DIR).map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') })),
).map((p) => p.agreement);

const having = (r: CheckReport, code: string, about?: string) =>
  r.findings.filter((f) => f.code === code && (!about || f.agreements.some((a) => a.id === about)));

describe('the words of the findings', () => {
  const names = {
    parties: {
      'fixit-shanghai': { en: 'FixIt Shanghai', zh: '上海快修' },
      'ningbo-motor': { en: 'Ningbo Motor Works', zh: '宁波电机厂' },
      acme: { en: 'ACME', zh: 'ACME' },
    },
    severities: { critical: { en: 'Critical', zh: '紧急' } },
    partCategories: { compressor: { en: 'Compressor', zh: '压缩机' } },
    products: { 'CH-900': { en: 'CH-900 chiller', zh: 'CH-900 冷水机组' } },
  };
  const named = checkTerms(examples, { names });
  const sentences = (f: Finding) =>
    [f.message, f.fix, f.caution].flatMap((x) => (x ? [x.en, x.zh] : [])).join('\n');

  it('name parties, severities and part categories as given, and agreements by their titles', () => {
    const slower = having(named, 'sla.partner_slower', 'fixit-shanghai-partner').find(
      (f) => (f.details as { target?: string }).target === 'onsite',
    )!;
    // Products by their catalogue names, severities as words: "紧急案件", never "紧急级案件".
    expect(slower.message.zh).toContain('ACME 向CH-900 冷水机组客户承诺紧急案件 24 个工作小时内上门');
    expect(slower.message.en).toContain('ACME promises CH-900 chiller customers');
    expect(slower.message.zh).toContain('（上海快修）');
    expect(slower.message.en).toContain('(FixIt Shanghai)');
    expect(slower.message.en).toContain('(critical cases)');
    const upstream = having(named, 'upstream.cover_longer').map(sentences).join('\n');
    expect(upstream).toContain('宁波电机厂');
    expect(upstream).toContain('Ningbo Motor Works');
    expect(upstream).toContain('压缩机保修');
    for (const f of named.findings) {
      const text = sentences(f).replace(/`[^`]+`/g, '');
      expect(text).not.toMatch(/\b(fixit-shanghai|ningbo-motor|acme-chiller-b2b-cn)\b/);
      expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      expect(text).not.toMatch(/\bP(?:T?\d+[HMDWYS])+\b/);
      expect(text).not.toContain('级案件');
    }
    // The machine fields keep the keys.
    expect(slower.code).toBe('sla.partner_slower');
    expect(slower.details).toMatchObject({ severity: 'critical', partners: ['fixit-shanghai-partner'] });
  });

  it('read a party by its key when no name is given (files checked with no records)', () => {
    const slower = having(checkTerms(examples), 'sla.partner_slower', 'fixit-shanghai-partner')[0]!;
    expect(slower.fix.en).toContain('Have fixit-shanghai commit');
  });

  it('say a YAML fix in words first, the snippet after it', () => {
    const reporting = having(named, 'duties.no_reporting')[0];
    if (reporting) {
      expect(reporting.fix.en).toBe(
        'Say how often the partner reports, e.g. monthly (`reporting: { every: P1M }`).',
      );
    }
    const costs = having(named, 'costs.no_bearer')
      .map((f) => f.message.en)
      .join('\n');
    expect(costs).toMatch(/shipping in warranty/);
  });
});

describe('the risk summary of the example terms', () => {
  const report = checkTerms(examples);

  it('reports FixIt Shanghai’s 48-hour on-site commitment against the 24-hour promise for CH-900 in CN-SH and CN-JS', () => {
    const f = having(report, 'sla.partner_slower').find((x) => x.details?.target === 'onsite')!;
    expect(f).toBeDefined();
    expect(f.severity).toBe('high');
    expect(f.details).toMatchObject({
      customer: 'acme-chiller-b2b-cn',
      partners: ['fixit-shanghai-partner'],
      product: 'CH-900',
      territories: ['CN-JS', 'CN-SH'],
      severity: 'critical',
      promised: 'PT24H',
      committed: 'PT48H',
      shortfall_seconds: 24 * 3600,
    });
    expect(f.refs).toEqual([
      { agreement: 'acme-chiller-b2b-cn', ref: '§4' },
      { agreement: 'fixit-shanghai-partner', ref: '§3' },
    ]);
    expect(f.message.en).toContain('24 business hours short');
    expect(f.message.zh).toContain('相差');
    expect(f.caution?.en).toMatch(
      /Do not promise CH-900 customers in CN-JS, CN-SH on-site arrival within 24 business hours for critical cases until fixit-shanghai commit to it/,
    );
    // Pearl River matches the customer promise in Guangdong: nothing reported about it.
    expect(having(report, 'sla.partner_slower', 'pearl-river-partner')).toEqual([]);
  });

  it('counts business-time days as working days: FixIt’s 5-day resolution (40 business hours) meets the 72-hour promise', () => {
    const resolution = having(report, 'sla.partner_slower', 'fixit-shanghai-partner').filter(
      (f) =>
        (f.details as { target?: string }).target === 'resolution' &&
        (f.details as { severity?: string }).severity === 'critical',
    );
    expect(resolution).toEqual([]);
    // With 24-hour business days the same 5 days would be 120 hours, and slower than promised.
    const wallDays = checkTerms(examples, { businessDaySeconds: () => 24 * 3600 });
    const slower = having(wallDays, 'sla.partner_slower', 'fixit-shanghai-partner').filter(
      (f) =>
        (f.details as { target?: string }).target === 'resolution' &&
        (f.details as { severity?: string }).severity === 'critical',
    );
    expect(slower).toHaveLength(1);
    expect((slower[0]!.details as { shortfall_seconds: number }).shortfall_seconds).toBe(48 * 3600);
  });

  it('reports CH-900 on-site promises in provinces with no partner', () => {
    const [f] = having(report, 'sla.onsite_no_partner');
    expect(f?.details?.product).toBe('CH-900');
    const missing = f?.details?.territories as string[];
    expect(missing).toContain('CN-ZJ');
    expect(missing).toContain('CN-BJ');
    expect(missing).not.toContain('CN-SH');
    expect(missing).not.toContain('CN-GD');
  });

  it('reports the compressor and motor covers that Ningbo’s 24 months from delivery do not underpin', () => {
    const f = having(report, 'upstream.cover_longer');
    expect(f.map((x) => x.details?.part_category).sort()).toEqual(['compressor', 'motor']);
    for (const x of f) {
      expect(x.severity).toBe('high');
      expect(x.details).toMatchObject({
        supplier: 'ningbo-motor-supply',
        supplier_cover: 'P24M',
        uncovered: 'P3Y',
      });
    }
  });

  it('with a bill of parts, ties each supplier part to its category', () => {
    const precise = checkTerms(examples, {
      parts: [
        { part: 'CMP-900', part_category: 'compressor', products: ['CH-900'] },
        { part: 'MTR-45', part_category: 'motor', products: ['PA-300', 'PA-500'] },
      ],
    });
    const f = having(precise, 'upstream.cover_longer');
    expect(f.map((x) => [x.details?.part_category, x.details?.parts])).toEqual([
      ['compressor', ['CMP-900']],
      ['motor', ['MTR-45']],
    ]);
  });

  it('reports Huadong’s unmeasurable duties and returns, naming the vague fields', () => {
    expect(having(report, 'duties.unmeasurable', 'huadong-distribution')[0]?.details?.duties).toEqual([
      'first_line_support',
      'customer_contact',
      'returns_intake',
    ]);
    expect(having(report, 'returns.unmeasurable', 'huadong-distribution')).toHaveLength(1);
    const vague = having(report, 'wording.vague', 'huadong-distribution').map((f) => f.details?.field);
    expect(vague).toEqual(['duties.text', 'returns.text']);
    // FixIt's duties are measured by its service levels and a monthly report.
    expect(having(report, 'duties.unmeasurable', 'fixit-shanghai-partner')).toEqual([]);
  });

  it('reports the supply agreement with no forum', () => {
    expect(having(report, 'disputes.no_forum').map((f) => f.agreements[0]?.id)).toEqual([
      'ningbo-motor-supply',
    ]);
  });

  it('every finding has a code, a severity, agreements, and text in both languages; high ones come first', () => {
    for (const f of report.findings) {
      expect(f.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(f.agreements.length).toBeGreaterThan(0);
      for (const text of [f.message, f.fix]) {
        expect(text.en.length).toBeGreaterThan(10);
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const order = report.findings.map((f) => ['high', 'medium', 'low'].indexOf(f.severity));
    expect(order).toEqual([...order].sort());
  });

  it('renders a summary: top risks, then operating cautions, then escalation triggers, in English and Chinese', () => {
    const en = renderText(report, 'en');
    const positions = [
      '1. Top risks',
      '2. Operating cautions',
      '3. Escalation triggers',
      '4. Other findings',
    ].map((h) => en.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(en).toContain('safety issue → management, act within 1 hour (§7)');
    const zh = renderText(report, 'zh');
    expect(zh).toContain('服务风险摘要');
    expect(zh).toContain('经营注意事项');
    const html = renderHtml(report, 'zh');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('lang="zh-CN"');
  });
});

function agreement(over: Partial<Agreement>): Agreement {
  return {
    id: 'x',
    kind: 'warranty',
    title: 'X',
    version: 1,
    effective_from: '2026-01-01',
    provider: 'brand',
    recipient: 'business-customers',
    disputes: {
      governing_law: 'CN',
      forum: { type: 'court', place: 'A court' },
      notice: { form: 'written', cure_period: 'P30D' },
    },
    ...over,
  };
}
const codes = (findings: Finding[]) => findings.map((f) => f.code);

describe('rules on agreements that are not the examples', () => {
  it('a partner on another clock or calendar, and a severity the partner does not cover', () => {
    const customer = agreement({
      scope: { products: ['Z'], territory: ['DE'] },
      service_levels: [
        { calendar: 'de-berlin', clock: 'business', targets: { urgent: { response: 'PT1H' } } },
      ],
    });
    const partner = agreement({
      id: 'p',
      kind: 'service_partner',
      provider: 'berlin-fix',
      recipient: 'brand',
      scope: { products: ['Z'], territory: ['DE-BE'] },
      service_levels: [{ calendar: 'always', clock: 'calendar', targets: { normal: { response: 'PT1H' } } }],
    });
    const r = checkTerms([customer, partner]);
    expect(codes(having(r, 'sla.clock_mismatch'))).toHaveLength(1);
    const slower = having(r, 'sla.partner_slower')[0]!;
    expect(slower.details).toMatchObject({ territories: ['DE-BE'], severity: 'urgent', committed: null });
  });

  it('a target with no clock, and a severity without targets', () => {
    const a = agreement({ service_levels: [{ targets: { high: { response: 'PT4H' }, low: null } }] });
    const r = checkTerms([a]);
    expect(having(r, 'sla.no_clock')[0]?.details?.field).toBe('service_levels.clock');
    expect(having(r, 'sla.severity_without_targets')[0]?.details?.field).toBe('service_levels.targets.low');
  });

  it('vague words in Chinese free text name the field', () => {
    const a = agreement({ duties: { text: '经销商应及时转交保修案件，费用另行协商。' } });
    const [f] = having(checkTerms([a]), 'wording.vague');
    expect(f?.details).toEqual({ field: 'duties.text', words: ['及时', '另行协商'] });
  });

  it('cover gaps: no start, a start that may be unknown, an open exclusion, no remedy', () => {
    const r1 = checkTerms([
      agreement({ coverage: { duration: 'P1Y', excludes: [{ cause: 'any_other_cause' }] } }),
    ]);
    expect(codes(r1.findings)).toEqual(
      expect.arrayContaining(['cover.no_start', 'cover.open_exclusion', 'cover.no_remedy']),
    );
    const r2 = checkTerms([
      agreement({ coverage: { starts_at: 'registration', duration: 'P1Y', remedies: ['repair'] } }),
    ]);
    expect(codes(r2.findings)).toContain('cover.start_may_be_unknown');
    expect(codes(r2.findings)).not.toContain('cover.no_remedy_order');
  });

  it('statutory floors: CN consumer return windows, EU two years, spare parts', () => {
    const cn = agreement({
      recipient: 'consumers',
      scope: { territory: ['CN-BJ'], customers: ['consumer'] },
      coverage: { starts_at: 'sale', duration: 'P1Y', remedies: ['repair'] },
      returns: { no_reason_window: 'P5D', replacement_window: 'P10D' },
      spare_parts: { available_for: 'P3Y' },
    });
    const r = checkTerms([cn]);
    expect(codes(r.findings)).toEqual(
      expect.arrayContaining([
        'statutory.cn_returns_window',
        'statutory.cn_replacement_window',
        'statutory.spare_parts_period',
      ]),
    );
    expect(codes(r.findings)).not.toContain('statutory.eu_two_years');
    const eu = agreement({
      id: 'eu',
      recipient: 'end-users',
      scope: { territory: ['DE', 'FR'] },
      coverage: { starts_at: 'sale', duration: 'P1Y', remedies: ['repair'] },
      spare_parts: { available_for: 'P10Y' },
    });
    const r2 = checkTerms([eu]);
    expect(having(r2, 'statutory.eu_two_years')).toHaveLength(1);
    expect(having(r2, 'statutory.spare_parts_period')).toHaveLength(0);
    // Business customers have no consumer floors.
    expect(
      having(checkTerms([{ ...eu, recipient: 'business-customers' }]), 'statutory.eu_two_years'),
    ).toHaveLength(0);
  });

  it('a claim window shorter than the work plus the evidence it asks for', () => {
    const p = agreement({
      kind: 'service_partner',
      recipient: 'brand',
      provider: 'fixer',
      service_levels: [{ clock: 'calendar', targets: { high: { resolution: 'P10D' } } }],
      compensation: { claims: { submit_within: 'P7D', evidence: ['photos', 'lab_report'] } },
    });
    expect(having(checkTerms([p]), 'claims.window_too_short')[0]?.details).toMatchObject({
      window: 'P7D',
      needed_seconds: 40 * 86400,
    });
  });

  it('disputes: arbitration with no institution or seat, no notice', () => {
    const a = agreement({
      disputes: { governing_law: 'CN', forum: { type: 'arbitration', seat: 'Shanghai' } },
    });
    expect(codes(checkTerms([a]).findings)).toEqual(
      expect.arrayContaining(['disputes.arbitration_incomplete', 'disputes.no_notice']),
    );
    expect(codes(checkTerms([agreement({ disputes: undefined })]).findings)).toContain('disputes.none');
  });

  it('upstream: a customer cover starting later than the supplier’s, with the margin', () => {
    const w = agreement({
      coverage: {
        starts_at: 'installation',
        if_not_recorded: { starts_at: 'delivery' },
        duration: 'P12M',
        remedies: ['repair'],
      },
    });
    const s = agreement({
      id: 's',
      kind: 'supply',
      provider: 'maker',
      recipient: 'brand',
      coverage: { starts_at: 'delivery', duration: 'P15M' },
    });
    const [f] = having(checkTerms([w, s]), 'upstream.cover_starts_later');
    expect(f?.details).toMatchObject({ margin: 'P3M', customer_start: 'installation' });
    expect(having(checkTerms([w, s]), 'upstream.cover_longer')).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement } from '../terms/agreement.ts';
import {
  backToBackPenalty,
  disputeClauseOf,
  forumDeadlines,
  recoveryClaim,
  serviceCredits,
} from './disputes.ts';
import { noticeHtml } from './notice.ts';

const DIR = path.resolve(import.meta.dirname, '../../../examples/terms');
const terms = (name: string): Agreement =>
  parseTermsOrThrow([{ name, text: fs.readFileSync(path.join(DIR, name), 'utf8') }])[0]!.agreement;
const chiller = terms('acme-chiller-b2b-cn.yaml');
const ningbo = terms('ningbo-motor-supply.yaml');
const fixit = terms('fixit-shanghai-partner.yaml');

describe('the dispute clause', () => {
  it('reads forum, seat, law, language and cure period from the chiller §11', () => {
    expect(disputeClauseOf(chiller)).toMatchObject({
      ref: '§11',
      governingLaw: 'CN',
      forum: { type: 'arbitration', institution: 'CIETAC', seat: 'Shanghai' },
      language: ['zh', 'en'],
      cure: { period: 'P30D', ref: '§11' },
      findings: [],
    });
  });
  it('finds that Ningbo §15 names no forum and no cure period', () => {
    const clause = disputeClauseOf(ningbo);
    expect(clause.forum).toBeNull();
    expect(clause.findings.map((f) => [f.code, f.ref])).toEqual([
      ['no_forum', '§15'],
      ['no_cure_period', '§15'],
    ]);
  });
});

describe('forum deadlines', () => {
  it('CIETAC: 15 days to nominate, 45 days for the defence and counterclaim, the award dated once the tribunal is formed', () => {
    const d = forumDeadlines(disputeClauseOf(chiller), 'arbitration', '2027-01-10');
    expect(d.map((x) => [x.key, x.dueOn])).toEqual([
      ['cietac.arbitrator_nomination', '2027-01-25'],
      ['cietac.statement_of_defence', '2027-02-24'],
      ['cietac.counterclaim', '2027-02-24'],
      ['cietac.award', null],
    ]);
    expect(d[1]!.cite).toMatch(/CIETAC Rules 2015 Art\. 15\(1\)/);
    expect(d[3]!.cite).toMatch(/2024 Rules Art\. 48 is third-party funding/);
  });
  it('CIETAC summary procedure for a claim of at most RMB 5,000,000: 20 days for the defence and counterclaim, the award in 3 months', () => {
    const clause = disputeClauseOf(chiller);
    const small = forumDeadlines(clause, 'arbitration', '2027-01-10', { minor: 1_884_000, currency: 'CNY' });
    expect(small.map((x) => [x.key, x.dueOn])).toEqual([
      ['cietac.summary.statement_of_defence', '2027-01-30'],
      ['cietac.summary.counterclaim', '2027-01-30'],
      ['cietac.summary.award', null],
    ]);
    const large = forumDeadlines(clause, 'arbitration', '2027-01-10', {
      minor: 500_000_001,
      currency: 'CNY',
    });
    expect(large.map((x) => x.key)).toContain('cietac.statement_of_defence');
    // Another currency is not converted here: the general procedure applies.
    const usd = forumDeadlines(clause, 'arbitration', '2027-01-10', { minor: 100_000, currency: 'USD' });
    expect(usd.map((x) => x.key)).toContain('cietac.arbitrator_nomination');
  });
  it('none for a forum whose rules are not encoded (SHIAC) or a stage without them', () => {
    expect(forumDeadlines(disputeClauseOf(fixit), 'arbitration', '2027-01-10')).toEqual([]);
    expect(forumDeadlines(disputeClauseOf(chiller), 'mediation', '2027-01-10')).toEqual([]);
  });
});

describe('money', () => {
  it('the recovery claim: parts on §8, labour on §9, other kinds and currencies left out with why', () => {
    const claim = recoveryClaim(ningbo, [
      {
        lineId: 'a',
        caseNumber: 'C1',
        kind: 'parts',
        amountMinor: 520_000,
        currency: 'CNY',
        description: '',
      },
      {
        lineId: 'b',
        caseNumber: 'C1',
        kind: 'labor',
        amountMinor: 108_000,
        currency: 'CNY',
        description: '',
      },
      {
        lineId: 'c',
        caseNumber: 'C1',
        kind: 'goodwill',
        amountMinor: 5_000,
        currency: 'CNY',
        description: '',
      },
      { lineId: 'd', caseNumber: 'C1', kind: 'parts', amountMinor: 100, currency: 'USD', description: '' },
    ]);
    expect(claim.totalMinor).toBe(628_000);
    expect(claim.lines.map((l) => l.ref)).toEqual(['§8', '§9']);
    expect(claim.excluded.map((e) => e.lineId)).toEqual(['c', 'd']);
  });
  it('§4.6 credits: 2% of the annual fee per breach, capped at 20% a year with what was booked before', () => {
    const breaches = [1, 2, 3].map((i) => ({ clockId: `k${i}`, target: 'response', dueAt: '' }));
    expect(serviceCredits(chiller, 12_000_000, breaches, 0)).toMatchObject({
      ref: '§4.6',
      perBreachMinor: 240_000,
      capMinor: 2_400_000,
      totalMinor: 720_000,
      capped: false,
    });
    const nearCap = serviceCredits(chiller, 12_000_000, breaches, 2_000_000);
    expect(nearCap.lines.map((l) => l.amountMinor)).toEqual([240_000, 160_000]);
    expect(nearCap.capped).toBe(true);
    expect(serviceCredits(ningbo, 1, breaches, 0).finding?.en).toMatch(/no service credits/);
  });
  it('back to back: FixIt §3 sets no penalty, so none is owed even for its own breaches', () => {
    const p = backToBackPenalty(fixit, 12_000_000, [{ clockId: 'k', target: 'onsite', dueAt: '' }]);
    expect(p).toMatchObject({ owed: false, ref: '§3', totalMinor: 0 });
    expect(p.finding?.zh).toMatch(/无需背靠背罚金/);
  });
});

describe('the letter', () => {
  it('escapes what it quotes and carries both languages', () => {
    const html = noticeHtml({
      kind: 'breach',
      number: 'N-000009',
      date: '2026-12-01',
      from: { name: 'ACME', nameZh: '艾克米' },
      to: { name: 'Ningbo <Motor>', nameZh: null },
      agreement: { id: 'ningbo-motor-supply', version: 3, title: 'Supply' },
      facts: [],
      clauses: [],
      evidence: [],
      remedy: { en: 'Refund', zh: '退款' },
      amount: null,
      cure: { period: 'P15D', ref: null, days: 15, setBySender: true },
      findings: [],
    });
    expect(html).toContain('Ningbo &lt;Motor&gt;');
    expect(html).toContain('违约通知书 N-000009');
    expect(html).toContain('15 日');
  });
});

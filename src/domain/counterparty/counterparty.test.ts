import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../app/terms/parse-terms.ts';
import type { Agreement } from '../terms/agreement.ts';
import { type LadderContact, ladderStanding, ladderTriggers } from './ladder.ts';
import {
  compareFigures,
  median,
  previousPeriod,
  quarterPeriod,
  recoveryRate,
  responseOutcome,
  scorecard,
} from './scorecard.ts';

const DIR = path.resolve(import.meta.dirname, '../../../examples/terms');
const terms = (name: string): Agreement =>
  parseTermsOrThrow([{ name, text: fs.readFileSync(path.join(DIR, name), 'utf8') }])[0]!.agreement;
const ningbo = terms('ningbo-motor-supply.yaml');
const fixit = terms('fixit-shanghai-partner.yaml');
const pearl = terms('pearl-river-partner.yaml');

const none = { requests: 0, missed: 0, noticesSent: 0, cureExpired: [], matters: 0 };
const contacts: LadderContact[] = [
  {
    level: 'service_manager',
    name: 'Chen Jing',
    title: 'Service manager',
    email: null,
    phone: null,
    languages: ['zh'],
  },
  {
    level: 'management',
    name: 'Wang Lei',
    title: 'General manager',
    email: 'gm@ningbo.example',
    phone: null,
    languages: ['zh', 'en'],
  },
];

describe('the ladder’s triggers, read from the terms', () => {
  it('Ningbo: management on a missed §9 P2D response (no escalation clause: a finding); legal on a cure period §15 does not set', () => {
    const [first, mgmt, legal] = ladderTriggers(ningbo, 'supplier');
    expect(first).toMatchObject({ level: 'service_manager', on: 'first_contact', ref: '§9' });
    expect(mgmt).toMatchObject({ level: 'management', on: 'missed_commitment', ref: '§9' });
    expect(mgmt!.mayBeginWhen.en).toContain('2 business days');
    expect(mgmt!.finding?.en).toMatch(/no escalation clause/);
    expect(legal).toMatchObject({ level: 'legal', on: 'cure_expired', ref: '§15' });
    expect(legal!.finding?.en).toMatch(/names no cure period \(§15\)/);
  });

  it('Pearl River: management on its §7 rule (resolution breached); legal after §10’s P15D', () => {
    const [, mgmt, legal] = ladderTriggers(pearl, 'partner');
    expect(mgmt).toMatchObject({ ref: '§7', finding: null });
    expect(legal).toMatchObject({ ref: '§10', finding: null });
    expect(legal!.mayBeginWhen.en).toContain('15 days');
  });

  it('FixIt: §7 names only the supervisor on a breached onsite target; that rule is the trigger', () => {
    const [, mgmt] = ladderTriggers(fixit, 'partner');
    expect(mgmt).toMatchObject({ ref: '§7', on: 'missed_commitment' });
    expect(mgmt!.mayBeginWhen.en).toContain('on site commitment');
  });
});

describe('where we stand', () => {
  const triggers = ladderTriggers(ningbo, 'supplier');
  it('nothing raised: the service manager may be contacted at once', () => {
    expect(ladderStanding(triggers, none, contacts)).toMatchObject({
      reached: null,
      next: 'service_manager',
      nextMayBegin: true,
    });
  });
  it('a request, no miss: management may not begin yet', () => {
    const s = ladderStanding(triggers, { ...none, requests: 1 }, contacts);
    expect(s).toMatchObject({ reached: 'service_manager', next: 'management', nextMayBegin: false });
    expect(s.contactsNext.map((c) => c.name)).toEqual(['Wang Lei']);
  });
  it('two misses: management may begin, on §9', () => {
    const s = ladderStanding(triggers, { ...none, requests: 1, missed: 2 }, contacts);
    expect(s).toMatchObject({ next: 'management', nextMayBegin: true, trigger: { ref: '§9' } });
  });
  it('a notice sent: management reached; legal waits for the cure period to run out', () => {
    const sent = { ...none, requests: 1, missed: 2, noticesSent: 1 };
    expect(ladderStanding(triggers, sent, contacts)).toMatchObject({
      reached: 'management',
      next: 'legal',
      nextMayBegin: false,
    });
    const expired = { ...sent, cureExpired: [{ number: 'N-000001', at: '2026-12-12T16:00:00.000Z' }] };
    expect(ladderStanding(triggers, expired, contacts)).toMatchObject({
      next: 'legal',
      nextMayBegin: true,
      trigger: { ref: '§15' },
    });
  });
  it('a matter opened: the top is reached', () => {
    expect(ladderStanding(triggers, { ...none, noticesSent: 1, matters: 1 }, contacts)).toMatchObject({
      reached: 'legal',
      next: null,
      nextMayBegin: false,
    });
  });
});

describe('periods', () => {
  it('a quarter and the one before it', () => {
    expect(quarterPeriod('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(quarterPeriod('2024-Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterPeriod('2026Q5')).toBeNull();
    expect(previousPeriod({ from: '2026-10-01', to: '2026-12-31' })).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
    });
    expect(previousPeriod({ from: '2026-01-01', to: '2026-03-31' })).toEqual({
      from: '2025-10-01',
      to: '2025-12-31',
    });
  });
  it('chosen dates: the same number of days just before', () => {
    expect(previousPeriod({ from: '2026-11-23', to: '2026-12-31' })).toEqual({
      from: '2026-10-15',
      to: '2026-11-22',
    });
  });
});

describe('scorecard arithmetic', () => {
  it('outcomes of a response clock', () => {
    expect(responseOutcome({ dueAt: 100, stoppedAt: 90, breachedAt: null })).toBe('on_time');
    expect(responseOutcome({ dueAt: 100, stoppedAt: 150, breachedAt: 100 })).toBe('late');
    expect(responseOutcome({ dueAt: 100, stoppedAt: null, breachedAt: 100 })).toBe('missed');
    expect(responseOutcome({ dueAt: 100, stoppedAt: null, breachedAt: null })).toBe('open');
  });
  it('median and recovery rate', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(recoveryRate(0, 0)).toBeNull();
    expect(recoveryRate(1_884_000, 1_500_000)).toBe(79.6);
  });
  it('figures and failures per part', () => {
    const s = scorecard({
      failures: [
        { partNumber: 'CMP-900', partCategory: 'compressor', caseNumber: 'C-1' },
        { partNumber: 'MTR-45', partCategory: 'motor', caseNumber: 'C-2' },
        { partNumber: 'CMP-900', partCategory: 'compressor', caseNumber: 'C-3' },
      ],
      responses: [
        { outcome: 'missed', seconds: null },
        { outcome: 'late', seconds: 7200 },
        { outcome: 'on_time', seconds: 3600 },
        { outcome: 'open', seconds: null },
      ],
      commitments: [],
      claims: 0,
      claimedMinor: 1_884_000,
      recoveredMinor: 1_500_000,
      noticesSent: 1,
      openDisputes: 0,
    });
    expect(s.failuresByPart).toEqual([
      { partNumber: 'CMP-900', partCategory: 'compressor', failures: 2, cases: ['C-1', 'C-3'] },
      { partNumber: 'MTR-45', partCategory: 'motor', failures: 1, cases: ['C-2'] },
    ]);
    expect(s.figures).toMatchObject({
      failures: 3,
      responsesOnTime: 1,
      responsesLate: 1,
      responsesMissed: 1,
      medianResponseHours: 1.5,
      recoveryRatePercent: 79.6,
    });
  });
  it('comparison with the previous period: change and whether it is for the better', () => {
    const base = scorecard({
      failures: [],
      responses: [],
      commitments: [],
      claims: 0,
      claimedMinor: 0,
      recoveredMinor: 0,
      noticesSent: 0,
      openDisputes: 0,
    }).figures;
    const rows = compareFigures({ ...base, failures: 3, recoveredMinor: 100 }, { ...base, failures: 1 });
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by.failures).toMatchObject({ current: 3, previous: 1, change: 2, trend: 'worse' });
    expect(by.recoveredMinor).toMatchObject({ change: 100, trend: 'better' });
    expect(by.noticesSent).toMatchObject({ change: 0, trend: 'same' });
    expect(by.claimedMinor!.trend).toBe('none');
    expect(by.recoveryRatePercent).toMatchObject({ current: null, change: null, trend: 'none' });
  });
});

import { civilFromDays, daysFromCivil } from '../calendar/index.ts';
import { type CounterpartySide, FIGURES, type FigureKey, type ResponseOutcome } from './labels.ts';

/** A review period: local dates, both days included. */
export interface Period {
  from: string;
  to: string;
}

const QUARTER = /^(\d{4})-?Q([1-4])$/;

/** `2026Q4` (or `2026-Q4`) as its dates; anything else is null. */
export function quarterPeriod(quarter: string): Period | null {
  const m = QUARTER.exec(quarter);
  if (!m) return null;
  const y = Number(m[1]);
  const q = Number(m[2]);
  const startMonth = (q - 1) * 3 + 1;
  const from = `${y}-${String(startMonth).padStart(2, '0')}-01`;
  const nextStart = q === 4 ? `${y + 1}-01-01` : `${y}-${String(startMonth + 3).padStart(2, '0')}-01`;
  return { from, to: civilFromDays(daysFromCivil(nextStart) - 1) };
}

/**
 * The period a review compares with: the quarter before a whole quarter, otherwise the same number
 * of days ending the day before `from`.
 */
export function previousPeriod(p: Period): Period {
  const [y, m, d] = p.from.split('-').map(Number) as [number, number, number];
  const whole = d === 1 && (m - 1) % 3 === 0 && quarterPeriod(`${y}Q${(m - 1) / 3 + 1}`)?.to === p.to;
  if (whole) {
    const q = (m - 1) / 3 + 1;
    return quarterPeriod(q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`)!;
  }
  const days = daysFromCivil(p.to) - daysFromCivil(p.from) + 1;
  const end = daysFromCivil(p.from) - 1;
  return { from: civilFromDays(end - days + 1), to: civilFromDays(end) };
}

/** The facts of one period, gathered by the app; the scorecard is arithmetic on them. */
export interface ScorecardFacts {
  failures: Array<{ partNumber: string; partCategory: string; caseNumber: string }>;
  /** Support responses (supplier) or commitment clocks (partner), with seconds to the answer when answered. */
  responses: Array<{ outcome: ResponseOutcome; seconds: number | null }>;
  commitments: Array<{ outcome: 'met' | 'missed' | 'open' }>;
  claims: number;
  claimedMinor: number;
  recoveredMinor: number;
  noticesSent: number;
  openDisputes: number;
}

export type Figures = Record<FigureKey, number | null>;

export interface Scorecard {
  figures: Figures;
  failuresByPart: Array<{ partNumber: string; partCategory: string; failures: number; cases: string[] }>;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Recovered over claimed, in percent to one decimal; null when nothing was claimed. */
export function recoveryRate(claimedMinor: number, recoveredMinor: number): number | null {
  if (claimedMinor <= 0) return null;
  return Math.round((recoveredMinor * 1000) / claimedMinor) / 10;
}

/** The figures that do not apply to a side: a partner supplies no parts and owes no support response; a supplier has no service commitments or warranty claims. */
const NOT_FOR: Record<CounterpartySide, readonly FigureKey[]> = {
  supplier: ['commitmentsMet', 'commitmentsMissed', 'claims'],
  partner: ['failures', 'responsesOnTime', 'responsesLate', 'responsesMissed', 'medianResponseHours'],
};

/** The scorecard of one period; figures that do not apply to the side are null. */
export function scorecard(f: ScorecardFacts, side: CounterpartySide = 'supplier'): Scorecard {
  const byPart = new Map<string, Scorecard['failuresByPart'][number]>();
  for (const x of f.failures) {
    const row = byPart.get(x.partNumber) ?? {
      partNumber: x.partNumber,
      partCategory: x.partCategory,
      failures: 0,
      cases: [],
    };
    row.failures += 1;
    row.cases.push(x.caseNumber);
    byPart.set(x.partNumber, row);
  }
  const count = (o: ResponseOutcome) => f.responses.filter((r) => r.outcome === o).length;
  const answered = f.responses.flatMap((r) => (r.seconds === null ? [] : [r.seconds]));
  const med = median(answered);
  const figures: Figures = {
    failures: f.failures.length,
    responsesOnTime: count('on_time'),
    responsesLate: count('late'),
    responsesMissed: count('missed'),
    medianResponseHours: med === null ? null : Math.round(med / 36) / 100,
    commitmentsMet: f.commitments.filter((c) => c.outcome === 'met').length,
    commitmentsMissed: f.commitments.filter((c) => c.outcome === 'missed').length,
    claims: f.claims,
    claimedMinor: f.claimedMinor,
    recoveredMinor: f.recoveredMinor,
    recoveryRatePercent: recoveryRate(f.claimedMinor, f.recoveredMinor),
    noticesSent: f.noticesSent,
    openDisputes: f.openDisputes,
  };
  for (const k of NOT_FOR[side]) figures[k] = null;
  return {
    figures,
    failuresByPart: [...byPart.values()].sort(
      (a, b) => b.failures - a.failures || a.partNumber.localeCompare(b.partNumber),
    ),
  };
}

/** How a support response came out, from its clock: answered by the due time, after it, or not at all. */
export function responseOutcome(c: {
  dueAt: number;
  stoppedAt: number | null;
  breachedAt: number | null;
}): ResponseOutcome {
  if (c.stoppedAt !== null) return c.stoppedAt <= c.dueAt ? 'on_time' : 'late';
  return c.breachedAt !== null ? 'missed' : 'open';
}

export interface FigureComparison {
  key: FigureKey;
  current: number | null;
  previous: number | null;
  change: number | null;
  /** Whether the change is for the better by the figure's sense, `same`, or `none` (no sense or no figure). */
  trend: 'better' | 'worse' | 'same' | 'none';
}

/** Each figure beside the previous period's, with the change and whether it is for the better. */
export function compareFigures(current: Figures, previous: Figures): FigureComparison[] {
  return (Object.keys(FIGURES) as FigureKey[]).map((key) => {
    const c = current[key];
    const p = previous[key];
    const change = c === null || p === null ? null : Math.round((c - p) * 100) / 100;
    const sense = FIGURES[key].better;
    const trend =
      change === null || sense === 'none'
        ? 'none'
        : change === 0
          ? 'same'
          : change > 0 === (sense === 'up')
            ? 'better'
            : 'worse';
    return { key, current: c, previous: p, change, trend };
  });
}

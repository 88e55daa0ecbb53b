/**
 * Official (public holiday) schedules a calendar can name in `official`.
 *
 * - `CN`: the State Council's public holidays and the weekend days worked in exchange (调休), from
 *   the `chinese-days` package (github.com/vsme/chinese-days), which transcribes the yearly notice
 *   of the General Office of the State Council (国务院办公厅关于××年部分节假日安排的通知). A year the
 *   data does not hold is an error (`OfficialScheduleNotCovered`), never a guess: the notice for
 *   next year comes out in November or December. Update path: `npm update chinese-days` once the
 *   package carries the new year; until then, or if it lags, add the year to `CN_SUPPLEMENT` below
 *   from the notice itself, naming the notice.
 * - Any other country (`DE`, `US`, `GB`, `FR`, `JP`, ...), optionally with a region (`DE-BE`,
 *   `US-NY`): its public holidays (type `public`, including substitute days) from `date-holidays`,
 *   which computes them by rule for any year. These countries have no worked weekend days.
 */

import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import Holidays from 'date-holidays';

export interface OfficialDay {
  /** `holiday`: closed; `workday`: a weekend day worked in exchange (调休), open with makeup hours. */
  kind: 'holiday' | 'workday';
  name: string;
  nameZh?: string;
}

/** A year loaded as data (see official-year.ts), as the calendar compilation takes it. */
export interface OfficialYearDays {
  code: string;
  year: number;
  source: string;
  /** The official status of each date the notice lists; a date not listed is an ordinary day. */
  days: Record<string, OfficialDay>;
}

export interface OfficialSchedule {
  code: string;
  /** The day's official status, or undefined for an ordinary day. Throws for a year not covered. */
  day(date: string): OfficialDay | undefined;
  /** A sentence naming where the data comes from. */
  source: string;
}

/** Thrown when a calendar needs a year its official schedule does not hold. */
export class OfficialScheduleNotCovered extends Error {
  readonly code: string;
  readonly year: number;
  readonly covered: { from: number; to: number };
  constructor(code: string, year: number, covered: { from: number; to: number }) {
    super(
      `The official schedule ${code} does not cover ${year} (it holds ${covered.from} to ${covered.to}): ` +
        `the holidays of ${year} are not known yet, or not loaded. Update the schedule (see README, "Calendars and SLA clocks").`,
    );
    this.name = 'OfficialScheduleNotCovered';
    this.code = code;
    this.year = year;
    this.covered = covered;
  }
}

/**
 * Years transcribed from the State Council's notice, for when `chinese-days` lags behind.
 * Each entry: `holidays` and `workdays` as date -> "English name,中文名". Name the notice.
 */
const CN_SUPPLEMENT: Record<
  number,
  { notice: string; holidays: Record<string, string>; workdays: Record<string, string> }
> = {};

interface CnTable {
  days: Map<string, OfficialDay>;
  from: number;
  to: number;
}

let cnTable: CnTable | undefined;

function loadCn(): CnTable {
  if (cnTable) return cnTable;
  const days = new Map<string, OfficialDay>();
  const years = new Set<number>();
  const add = (source: Record<string, string>, kind: OfficialDay['kind']) => {
    for (const [date, label] of Object.entries(source)) {
      const [name, nameZh] = label.split(',');
      days.set(date, { kind, name: name ?? label, ...(nameZh ? { nameZh } : {}) });
      if (kind === 'holiday') years.add(Number(date.slice(0, 4)));
    }
  };
  const data = cnData as { holidays: Record<string, string>; workdays: Record<string, string> };
  add(data.holidays, 'holiday');
  add(data.workdays, 'workday');
  for (const [year, extra] of Object.entries(CN_SUPPLEMENT)) {
    years.add(Number(year));
    add(extra.holidays, 'holiday');
    add(extra.workdays, 'workday');
  }
  const sorted = [...years].sort((a, b) => a - b);
  // Coverage is the contiguous run of years ending at the latest one.
  let from = sorted[sorted.length - 1]!;
  while (years.has(from - 1)) from--;
  cnTable = { days, from, to: sorted[sorted.length - 1]! };
  return cnTable;
}

const CN: OfficialSchedule = {
  code: 'CN',
  source: 'State Council holiday notices, via the chinese-days package',
  day(date) {
    const table = loadCn();
    const year = Number(date.slice(0, 4));
    if (year < table.from || year > table.to) {
      throw new OfficialScheduleNotCovered('CN', year, { from: table.from, to: table.to });
    }
    return table.days.get(date);
  },
};

const schedules = new Map<string, OfficialSchedule>([['CN', CN]]);

function fromDateHolidays(code: string): OfficialSchedule | undefined {
  const [country, region, ...rest] = code.split('-');
  if (!country || rest.length > 0 || !/^[A-Z]{2}$/.test(country)) return undefined;
  if (region !== undefined && !/^[A-Z0-9]{1,3}$/.test(region)) return undefined;
  const probe = new Holidays();
  const countries = probe.getCountries('en') as Record<string, string> | undefined;
  if (!countries || !(country in countries)) return undefined;
  if (region !== undefined) {
    const states = probe.getStates(country, 'en') as Record<string, string> | undefined;
    if (!states || !(region in states)) return undefined;
  }
  const hd = region
    ? new Holidays(country, region, { languages: ['en'] })
    : new Holidays(country, { languages: ['en'] });
  const byYear = new Map<number, Map<string, OfficialDay>>();
  return {
    code,
    source: 'public holidays computed by the date-holidays package',
    day(date) {
      const year = Number(date.slice(0, 4));
      let days = byYear.get(year);
      if (!days) {
        days = new Map();
        for (const h of hd.getHolidays(year, 'en')) {
          if (h.type !== 'public') continue;
          const d = h.date.slice(0, 10);
          const prior = days.get(d);
          days.set(d, { kind: 'holiday', name: prior ? `${prior.name}; ${h.name}` : h.name });
        }
        byYear.set(year, days);
      }
      return days.get(date);
    },
  };
}

/**
 * The official schedule of a code (`CN`, `DE`, `DE-BE`, ...), or undefined when unknown. Years a
 * tenant loaded as data (`loaded`, CN only) come before the built-in data: a loaded year is whole,
 * so a date it does not list is an ordinary day of that year.
 */
export function officialSchedule(
  code: string,
  loaded: readonly OfficialYearDays[] = [],
): OfficialSchedule | undefined {
  let s = schedules.get(code);
  if (!s) {
    s = fromDateHolidays(code);
    if (s) schedules.set(code, s);
  }
  const mine = loaded.filter((y) => y.code === code);
  if (!s || code !== 'CN' || mine.length === 0) return s;
  const base = s;
  const years = new Set(mine.map((y) => y.year));
  const days = new Map<string, OfficialDay>();
  for (const y of [...mine].sort((a, b) => a.year - b.year))
    for (const [date, day] of Object.entries(y.days)) days.set(date, day);
  return {
    code,
    source: `${base.source}; loaded: ${mine.map((y) => `${y.year} from ${y.source}`).join('; ')}`,
    day(date) {
      const listed = days.get(date);
      if (listed) return listed;
      if (years.has(Number(date.slice(0, 4)))) return undefined;
      return base.day(date);
    },
  };
}

/**
 * SLA clock benchmark: deadlines per second on cn-business (random starts over 2025-2026, targets
 * of 1 to 40 business hours) beside dayjs-business-time on the same inputs, and the time to
 * recompute one million open clocks after a holiday is added.
 *
 * dayjs-business-time has no time zones, no makeup working days and no pauses: it runs with the
 * process time zone set to Asia/Shanghai and the CN holidays as its holiday list, which is the
 * closest it can come. The agreement line compares both on a calendar both can express (the
 * holidays, no makeup days).
 */
import fs from 'node:fs';
import path from 'node:path';
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import dayjs from 'dayjs';
import businessTime from 'dayjs-business-time';
import { parseCalendarOrThrow } from '../src/app/calendar/index.ts';
import type { CalendarSpec } from '../src/domain/calendar/index.ts';
import {
  CompiledCalendar,
  dueAt,
  type OpenClock,
  type Pause,
  recomputeDeadlines,
} from '../src/domain/calendar/index.ts';

const H = 3600;
const FROM = Date.UTC(2025, 0, 1) / 1000;
/** The CN schedule ends with 2026: starts stop early enough that 40 h never need 2027. */
const TO = Date.UTC(2026, 11, 10) / 1000;

/** A small seeded generator, so every run uses the same inputs. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function timed<T>(work: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = work();
  return { ms: performance.now() - t0, value };
}

export async function run(): Promise<void> {
  const file = path.join(import.meta.dirname, '../examples/calendars/cn-business.yaml');
  const spec = parseCalendarOrThrow({ name: file, text: fs.readFileSync(file, 'utf8') }).spec;
  const cal = new CompiledCalendar(spec);

  const rnd = random(42);
  const N = 2_000_000;
  const starts = new Float64Array(N);
  const targets = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    starts[i] = Math.floor(FROM + rnd() * (TO - FROM));
    targets[i] = (1 + Math.floor(rnd() * 40)) * H;
  }

  // Ours: warm up (builds the year tables, lets the JIT settle), then time.
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += dueAt(cal, starts[i]!, targets[i]!);
  const ours = timed(() => {
    let s = 0;
    for (let i = 0; i < N; i++) s += dueAt(cal, starts[i]!, targets[i]!);
    return s;
  });
  sink += ours.value;
  const oursRate = (N / ours.ms) * 1000;

  // dayjs-business-time, in the Asia/Shanghai process zone, CN holidays, same hours.
  const savedTz = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  dayjs.extend(businessTime);
  const day = [
    { start: '09:00:00', end: '12:00:00' },
    { start: '13:00:00', end: '18:00:00' },
  ];
  dayjs.setBusinessTime({
    sunday: null,
    monday: day,
    tuesday: day,
    wednesday: day,
    thursday: day,
    friday: day,
    saturday: null,
  });
  const holidays = Object.keys((cnData as { holidays: Record<string, string> }).holidays).filter(
    (d) => d >= '2025' && d < '2027',
  );
  dayjs.setHolidays([...holidays, ...spec.daysOff]);
  const M = 20_000;
  for (let i = 0; i < 1000; i++) dayjs(starts[i]! * 1000).addBusinessHours(targets[i]! / H);
  const ref = timed(() => {
    let s = 0;
    for (let i = 0; i < M; i++)
      s += dayjs(starts[i]! * 1000)
        .addBusinessHours(targets[i]! / H)
        .valueOf();
    return s;
  });
  sink += ref.value;
  const refRate = (M / ref.ms) * 1000;

  // Agreement on what both can express: the holidays and own days off, no makeup days, no override.
  const plainSpec: CalendarSpec = {
    ...spec,
    daysOff: [...holidays, ...spec.daysOff],
    dates: {},
  };
  delete plainSpec.official;
  const plain = new CompiledCalendar(plainSpec);
  let agree = 0;
  const K = 10_000;
  let example = '';
  for (let i = 0; i < K; i++) {
    // The library counts whole minutes: compare on starts at whole minutes.
    const start = starts[i]! - (starts[i]! % 60);
    const a = dueAt(plain, start, targets[i]!);
    const b =
      dayjs(start * 1000)
        .addBusinessHours(targets[i]! / H)
        .valueOf() / 1000;
    if (a === b) agree++;
    else if (!example) {
      example = `e.g. start ${iso(start)} + ${targets[i]! / H} h: ours ${iso(a)}, library ${iso(b)}`;
    }
  }
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;

  // One million open clocks; a holiday is added (2026-06-01, a Monday) and all are recomputed.
  const C = 1_000_000;
  const clocks: OpenClock[] = new Array(C);
  const r2 = random(7);
  const CLOCK_FROM = Date.UTC(2026, 4, 1) / 1000;
  const CLOCK_TO = Date.UTC(2026, 6, 1) / 1000;
  for (let i = 0; i < C; i++) {
    const start = Math.floor(CLOCK_FROM + r2() * (CLOCK_TO - CLOCK_FROM));
    const pauses: Pause[] | undefined =
      r2() < 0.1 ? [[start + 3600, start + 3600 + Math.floor(r2() * 86_400)]] : undefined;
    clocks[i] = { start, targetSeconds: (1 + Math.floor(r2() * 72)) * H, pauses };
  }
  const before = recomputeDeadlines(cal, clocks);
  const recompute = timed(() => {
    const changed = new CompiledCalendar({ ...spec, daysOff: [...spec.daysOff, '2026-06-01'] });
    const after = recomputeDeadlines(changed, clocks);
    let moved = 0;
    for (let i = 0; i < C; i++) if (after[i] !== before[i]) moved++;
    return moved;
  });

  const line = (label: string, value: string, reference: string, ratio: string) =>
    process.stdout.write(
      `${label.padEnd(44)} ${value.padStart(16)}   ${reference.padStart(26)}   ${ratio}\n`,
    );
  process.stdout.write(`cn-business, random starts 2025-01-01..2026-12-10, targets 1..40 business hours\n`);
  line('', 'servicebook', 'dayjs-business-time', 'ratio');
  line(
    'deadlines per second (one core)',
    fmt(oursRate),
    fmt(refRate),
    `${(oursRate / refRate).toFixed(0)}x (targets: >= 1,000,000/s, >= 50x)`,
  );
  line(
    'agreement where both can express it (*)',
    `${((agree / K) * 100).toFixed(2)} %`,
    `${K} inputs`,
    example,
  );
  line(
    'recompute 1,000,000 open clocks (+1 holiday)',
    `${(recompute.ms / 1000).toFixed(2)} s`,
    'target 5 s',
    `${(5000 / recompute.ms).toFixed(1)}x under; ${fmt(recompute.value)} deadlines moved`,
  );
  process.stdout.write(
    '(*) the same hours and holidays, no makeup days, starts at whole minutes (the library counts minutes)\n',
  );
  if (sink === 42) process.stdout.write('\n');
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

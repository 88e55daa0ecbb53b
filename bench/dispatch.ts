/**
 * `npm run bench -- dispatch`: the best technician for each of 1,000 open visits across 200
 * technicians in one territory (Shanghai), timed per suggestion, beside a brute-force check of
 * the same choice (every technician judged with all its reasons, then sorted).
 */
import { performance } from 'node:perf_hooks';
import {
  bestTechnician,
  type Skill,
  suggestTechnician,
  type TechnicianFacts,
  type VisitFacts,
} from '../src/domain/field/index.ts';
import { fmt, median, percentile } from './support/measure.ts';

/** A small seeded generator (mulberry32): the same figures every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS = ['CH-900', 'PA-300', 'PA-500'];
const PARTS = ['compressor', 'fan', 'control_board', null];
// Shanghai's built-up area, roughly.
const point = (r: () => number) => ({ latitude: 30.9 + r() * 0.6, longitude: 121.1 + r() * 0.7 });

export async function run(): Promise<void> {
  const r = random(17);
  const now = Date.parse('2026-11-30T01:30:00Z') / 1000;
  const technicians: TechnicianFacts[] = Array.from({ length: 200 }, (_, i) => {
    const skills: Skill[] = PRODUCTS.filter(() => r() < 0.5).map((product) => ({
      product,
      part: PARTS[Math.floor(r() * PARTS.length)]!,
      expiresOn: r() < 0.15 ? '2026-06-30' : '2027-12-31',
    }));
    return {
      id: `t${String(i).padStart(3, '0')}`,
      name: `Technician ${i}`,
      skills,
      territories: r() < 0.9 ? ['CN-SH'] : ['CN-JS'],
      from: point(r),
      freeAt: r() < 0.05 ? null : now + Math.floor(r() * 3 * 86_400),
      load: Math.floor(r() * 7),
    };
  });
  const visits: VisitFacts[] = Array.from({ length: 1000 }, () => ({
    product: PRODUCTS[Math.floor(r() * PRODUCTS.length)]!,
    part: PARTS[Math.floor(r() * PARTS.length)]!,
    territory: 'CN-SH',
    site: point(r),
    date: '2026-11-30',
    dueAt: r() < 0.2 ? null : now + Math.floor((1 + r() * 4) * 86_400),
  }));

  // Warm up both paths.
  for (const v of visits.slice(0, 50)) {
    bestTechnician(v, technicians);
    suggestTechnician(v, technicians);
  }
  const fast: number[] = [];
  const brute: number[] = [];
  let same = 0;
  let none = 0;
  let meets = 0;
  for (const v of visits) {
    let t0 = performance.now();
    const chosen = bestTechnician(v, technicians);
    fast.push(performance.now() - t0);
    t0 = performance.now();
    const all = suggestTechnician(v, technicians);
    brute.push(performance.now() - t0);
    if ((chosen?.technicianId ?? null) === (all.best?.technicianId ?? null)) same++;
    if (!chosen) none++;
    else if (chosen.meetsDeadline) meets++;
  }
  const sortedFast = [...fast].sort((a, b) => a - b);
  const sortedBrute = [...brute].sort((a, b) => a - b);
  const us = (ms: number) => fmt(ms * 1000, 0);
  process.stdout.write(
    [
      `1,000 visits × 200 technicians in CN-SH (travel: haversine × 1.3 at 30 km/h)`,
      `suggestion (pruned scan):   median ${us(median(fast))} µs, p95 ${us(percentile(sortedFast, 95))} µs, total ${fmt(
        fast.reduce((a, b) => a + b, 0),
        1,
      )} ms`,
      `brute force (judge all, sort): median ${us(median(brute))} µs, p95 ${us(percentile(sortedBrute, 95))} µs, total ${fmt(
        brute.reduce((a, b) => a + b, 0),
        1,
      )} ms`,
      `same choice: ${same} / ${visits.length}; no eligible technician: ${none}; on-site deadline met: ${meets}`,
      '',
    ].join('\n'),
  );
  if (same !== visits.length) {
    process.stderr.write('the pruned scan and the brute force disagree\n');
    process.exitCode = 1;
  }
}

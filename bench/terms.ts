/**
 * Terms benchmark: entitlement decisions per second on 100,000 generated claims over the example
 * agreements (every product, territories across China, dates over 2025-2030, part categories and
 * causes covered, excluded and unknown, some accounts overdue), printed beside the time to parse
 * and validate the agreements themselves, and the time of one full terms check of the set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseTermsOrThrow } from '../src/app/terms/index.ts';
import type { AccountState, Agreement, FailureFacts, UnitFacts } from '../src/domain/terms/index.ts';
import { checkTerms, decideEntitlement, SUBDIVISIONS } from '../src/domain/terms/index.ts';

const CLAIMS = 100_000;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface Claim {
  unit: UnitFacts;
  failure: FailureFacts;
  account: AccountState;
}

function generate(n: number): Claim[] {
  const r = random(20260101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const provinces = SUBDIVISIONS.CN!;
  const claims: Claim[] = [];
  for (let i = 0; i < n; i++) {
    const chiller = r() < 0.4;
    const sold = addDays('2025-01-01', Math.floor(r() * 700));
    const delivered = addDays(sold, 1 + Math.floor(r() * 20));
    const installed = chiller && r() < 0.85 ? addDays(delivered, 3 + Math.floor(r() * 30)) : undefined;
    const maintained: string[] = [];
    if (chiller && installed) {
      for (
        let m = addDays(installed, 150 + Math.floor(r() * 60));
        m < '2030-01-01';
        m = addDays(m, 150 + Math.floor(r() * 60))
      )
        maintained.push(m);
    }
    const unit: UnitFacts = {
      serial: `S-${i}`,
      product: chiller ? 'CH-900' : pick(['PA-300', 'PA-500']),
      territory: pick(provinces),
      sold_at: sold,
      delivered_at: delivered,
      maintained_at: maintained,
      owner: `customer-${i % 500}`,
      parts: [
        chiller
          ? {
              part_category: 'compressor',
              part: 'CMP-900',
              supplied_by: 'ningbo-motor',
              delivered_at: addDays(sold, -50),
            }
          : {
              part_category: 'motor',
              part: 'MTR-45',
              supplied_by: 'ningbo-motor',
              delivered_at: addDays(sold, -40),
            },
      ],
    };
    if (installed) unit.installed_at = installed;
    const reported = addDays(sold, Math.floor(r() * 365 * 6));
    claims.push({
      unit,
      failure: {
        reported_at: `${reported}T${String(8 + Math.floor(r() * 10)).padStart(2, '0')}:15:00+08:00`,
        part_category: chiller
          ? pick(['compressor', 'control_board', 'fan', 'compressor'])
          : pick(['motor', 'filter', 'control_board', 'motor']),
        cause: pick([
          'manufacturing_defect',
          'material_defect',
          'workmanship',
          'misuse',
          'wear',
          'power_quality',
        ]),
        previous_repairs: Math.floor(r() * 3),
      },
      account: { payment_overdue_days: r() < 0.1 ? Math.floor(r() * 90) : 0 },
    });
  }
  return claims;
}

export async function run(): Promise<void> {
  const dir = path.resolve(import.meta.dirname, '../examples/terms');
  const sources = fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);

  // Parse and validate the agreements: warm up, then the mean of many rounds.
  let agreements: Agreement[] = [];
  for (let i = 0; i < 20; i++) agreements = parseTermsOrThrow(sources).map((p) => p.agreement);
  const parseRounds = 300;
  let t0 = performance.now();
  for (let i = 0; i < parseRounds; i++) agreements = parseTermsOrThrow(sources).map((p) => p.agreement);
  const parseMs = (performance.now() - t0) / parseRounds;

  const claims = generate(CLAIMS);
  for (let i = 0; i < 2000; i++) decideEntitlement({ agreements, ...claims[i]! });
  const tally = { covered: 0, suspended: 0, recoverable: 0 };
  t0 = performance.now();
  for (const claim of claims) {
    const d = decideEntitlement({ agreements, ...claim });
    if (d.covered) tally.covered++;
    if (d.suspended) tally.suspended++;
    if (d.recoverable_from_supplier) tally.recoverable++;
  }
  const decideMs = performance.now() - t0;
  const perSecond = CLAIMS / (decideMs / 1000);

  for (let i = 0; i < 20; i++) checkTerms(agreements);
  t0 = performance.now();
  const checkRounds = 200;
  let findings = 0;
  for (let i = 0; i < checkRounds; i++) findings = checkTerms(agreements).findings.length;
  const checkMs = (performance.now() - t0) / checkRounds;

  const fmt = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  process.stdout.write(
    [
      `agreements: ${sources.length} files, ${fmt(bytes)} bytes`,
      `parse + validate the agreements (YAML with positions, full schema): ${fmt(parseMs, 2)} ms per set (${fmt(parseMs / sources.length, 3)} ms per file)`,
      `decideEntitlement on ${fmt(CLAIMS)} generated claims: ${fmt(decideMs)} ms, ${fmt(perSecond)} decisions/s (${fmt((decideMs * 1000) / CLAIMS, 2)} µs each)`,
      `  = one decision costs ${fmt((decideMs / CLAIMS / parseMs) * 100, 2)}% of parsing the agreements once; ${fmt(parseMs / (decideMs / CLAIMS))} decisions in the time of one parse`,
      `  outcomes: ${fmt(tally.covered)} covered, ${fmt(tally.suspended)} suspended, ${fmt(tally.recoverable)} recoverable from the supplier`,
      `checkTerms on the set: ${fmt(checkMs, 2)} ms (${findings} findings)`,
      '',
    ].join('\n'),
  );
}

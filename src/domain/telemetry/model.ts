import type { Severity } from '../case/index.ts';
import type { Label } from '../label.ts';

/** One measured quantity of a product: its unit, the range a sensor can report, and the normal band. */
export interface MetricSpec {
  key: string;
  name: Label;
  /** The physical unit as printed (bar, °C, h). */
  unit: string;
  /** Readings outside [min, max] cannot be true (a broken sensor, a wrong scale): refused. */
  min: number;
  max: number;
  /** The band a healthy unit stays in; charts shade it. */
  normal: { low: number; high: number };
  /** A counter that only grows (run hours): a lower value than the last is refused. */
  counter?: boolean;
}

/** An alarm code the unit's controller raises, with what it means and the part it points to. */
export interface AlarmSpec {
  code: string;
  meaning: Label;
  partCategory: string;
  severity: Severity;
  /** A knowledge-base article or troubleshooting tree, when one exists. */
  article?: string;
}

interface RuleBase {
  key: string;
  name: Label;
  severity: Severity;
  /** The part the rule suspects; null when it points at none (a silent unit). */
  partCategory: string | null;
  /** The cause presumed until a technician diagnoses (the entitlement is decided from it). */
  cause: string;
}

/** Fires when a reading is above (or below) a value; with `sustainedSeconds`, only when every reading in that time is. */
export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  metric: string;
  above?: number;
  below?: number;
  sustainedSeconds?: number;
}

/**
 * Fires when a metric rises (positive `perHour`) or falls (negative) faster than `perHour`. The
 * new reading is compared with a baseline, and the rate is (value − baseline average) / (time
 * from the baseline's time to the reading):
 * - with `windowSeconds`: the readings of the metric in the `windowSeconds` before the reading
 *   (the reading itself left out), their average at their mean time; the rule waits until the
 *   oldest of them lies in the window's first half, so a handful of readings just after a unit
 *   starts cannot make a steep rate;
 * - without it: the average of the clock hour before the reading's hour (from the hourly
 *   rollups), taken at that hour's middle, so the baseline lies 30 to 90 minutes back.
 */
export interface RateRule extends RuleBase {
  kind: 'rate';
  metric: string;
  perHour: number;
  windowSeconds?: number;
}

/** Fires when nothing has arrived from a unit for `silentSeconds`. */
export interface HeartbeatRule extends RuleBase {
  kind: 'heartbeat';
  silentSeconds: number;
}

/** Fires on any of the product's alarm codes (or the ones listed); severity and part come from the code. */
export interface AlarmRule extends RuleBase {
  kind: 'alarm';
  codes?: string[];
}

export type RuleSpec = ThresholdRule | RateRule | HeartbeatRule | AlarmRule;

/** How a product reports and what its readings mean. */
export interface TelemetryModel {
  metrics: MetricSpec[];
  alarms: AlarmSpec[];
  rules: RuleSpec[];
  /** The counter metric holding the run hours, and the maintenance interval it feeds. */
  maintenance?: { runHoursMetric: string; everyRunHours: number; everyMonths: number; ref?: string };
  /** A rule that fired again within this time updates its case quietly (counted, not recorded): flapping damped. */
  dampSeconds: number;
}

/** Problems of a model as written (a rule naming an unknown metric, a band outside the range). */
export function checkModel(model: TelemetryModel, partCategories: readonly string[]): string[] {
  const problems: string[] = [];
  const metrics = new Map(model.metrics.map((m) => [m.key, m]));
  if (metrics.size !== model.metrics.length) problems.push('metric keys repeat');
  for (const m of model.metrics) {
    if (!(m.min <= m.normal.low && m.normal.low <= m.normal.high && m.normal.high <= m.max))
      problems.push(`metric ${m.key}: min ≤ normal.low ≤ normal.high ≤ max does not hold`);
  }
  const codes = new Set(model.alarms.map((a) => a.code));
  for (const a of model.alarms) {
    if (!partCategories.includes(a.partCategory))
      problems.push(`alarm ${a.code}: "${a.partCategory}" is not a part category of the product`);
  }
  const keys = new Set<string>();
  for (const r of model.rules) {
    if (keys.has(r.key)) problems.push(`rule ${r.key} repeats`);
    keys.add(r.key);
    if (r.partCategory !== null && !partCategories.includes(r.partCategory))
      problems.push(`rule ${r.key}: "${r.partCategory}" is not a part category of the product`);
    if ((r.kind === 'threshold' || r.kind === 'rate') && !metrics.has(r.metric))
      problems.push(`rule ${r.key}: no metric "${r.metric}"`);
    if (r.kind === 'threshold' && r.above === undefined && r.below === undefined)
      problems.push(`rule ${r.key}: give "above" or "below"`);
    if (r.kind === 'alarm')
      for (const c of r.codes ?? []) if (!codes.has(c)) problems.push(`rule ${r.key}: no alarm code "${c}"`);
  }
  const m = model.maintenance;
  if (m && !metrics.get(m.runHoursMetric)?.counter)
    problems.push(`maintenance: "${m.runHoursMetric}" is not a counter metric`);
  return problems;
}

import type { Severity } from '../case/index.ts';
import type { Label } from '../label.ts';
import type { AlarmRule, RateRule, RuleSpec, TelemetryModel, ThresholdRule } from './model.ts';
import type { Reading } from './readings.ts';

/** A rule that fired for a unit: what it suspects, and the readings that made it fire. */
export interface Firing {
  rule: string;
  kind: RuleSpec['kind'];
  name: Label;
  severity: Severity;
  partCategory: string | null;
  cause: string;
  at: Date;
  /** What was seen, in words, both languages. */
  finding: Label;
  readings: Reading[];
  alarms: string[];
}

/** What a threshold rule with a sustained condition needs from the store: the readings in its window. */
export interface History {
  /** Readings of the metric in [at - sustainedSeconds, at], oldest first, the new ones included. */
  window(rule: ThresholdRule): Reading[] | undefined;
  /** A rate rule's baseline (see RateRule): the average and the time it stands for. */
  baseline(rule: RateRule): { average: number; middle: Date } | undefined;
}

const breaches = (rule: ThresholdRule, value: number) =>
  (rule.above !== undefined && value > rule.above) || (rule.below !== undefined && value < rule.below);

/** The rules that need history for a message (to load only what is needed): sustained thresholds in breach, and rate rules. */
export function historyNeeded(model: TelemetryModel, readings: readonly Reading[]): RuleSpec[] {
  return model.rules.filter((r) => {
    if (r.kind === 'rate') return readings.some((x) => x.metric === r.metric);
    if (r.kind === 'threshold' && r.sustainedSeconds)
      return readings.some((x) => x.metric === r.metric && breaches(r, x.value));
    return false;
  });
}

/** The rules one message makes fire (heartbeats are looked at apart, by time). */
export function evaluate(
  model: TelemetryModel,
  message: { at: Date; readings: readonly Reading[]; alarms: readonly string[] },
  history: History,
): Firing[] {
  const firings: Firing[] = [];
  for (const rule of model.rules) {
    if (rule.kind === 'threshold') {
      const reading = message.readings.find((r) => r.metric === rule.metric);
      if (!reading || !breaches(rule, reading.value)) continue;
      let window = [reading];
      if (rule.sustainedSeconds) {
        const w = history.window(rule);
        const since = message.at.getTime() - rule.sustainedSeconds * 1000;
        // Sustained: readings span the whole time and every one of them breaches.
        if (!w || w.length === 0 || w[0]!.at.getTime() > since + 60_000) continue;
        if (!w.every((r) => breaches(rule, r.value))) continue;
        window = w;
      }
      firings.push(firing(rule, message.at, window, [], thresholdFinding(model, rule, reading.value)));
    } else if (rule.kind === 'rate') {
      const reading = message.readings.find((r) => r.metric === rule.metric);
      const before = reading && history.baseline(rule);
      if (!reading || !before) continue;
      const hours = (reading.at.getTime() - before.middle.getTime()) / 3_600_000;
      if (hours <= 0) continue;
      const rate = (reading.value - before.average) / hours;
      if (rule.perHour >= 0 ? rate <= rule.perHour : rate >= rule.perHour) continue;
      const unit = model.metrics.find((m) => m.key === rule.metric)?.unit ?? '';
      const r = rate.toFixed(2);
      firings.push(
        firing(rule, message.at, [reading], [], {
          en: `${rule.metric} changing ${r} ${unit}/h (limit ${rule.perHour} ${unit}/h)`,
          zh: `${rule.metric} 变化速率 ${r} ${unit}/小时（限值 ${rule.perHour} ${unit}/小时）`,
        }),
      );
    } else if (rule.kind === 'alarm') {
      for (const code of message.alarms) {
        if (rule.codes && !rule.codes.includes(code)) continue;
        const alarm = model.alarms.find((a) => a.code === code);
        if (!alarm) continue;
        firings.push({
          ...firing(rule, message.at, [...message.readings], [code], {
            en: `Alarm ${code}: ${alarm.meaning.en}`,
            zh: `报警 ${code}：${alarm.meaning.zh}`,
          }),
          rule: `${rule.key}:${code}`,
          severity: alarm.severity,
          partCategory: alarm.partCategory,
        });
      }
    }
  }
  return firings;
}

function thresholdFinding(model: TelemetryModel, rule: ThresholdRule, value: number): Label {
  const metric = model.metrics.find((m) => m.key === rule.metric);
  const unit = metric?.unit ?? '';
  const limit = rule.above !== undefined && value > rule.above ? `> ${rule.above}` : `< ${rule.below}`;
  const held = rule.sustainedSeconds ? ` for ${Math.round(rule.sustainedSeconds / 60)} min` : '';
  const heldZh = rule.sustainedSeconds ? `，持续 ${Math.round(rule.sustainedSeconds / 60)} 分钟` : '';
  return {
    en: `${metric?.name.en ?? rule.metric} ${value} ${unit} (${limit} ${unit}${held})`,
    zh: `${metric?.name.zh ?? rule.metric} ${value} ${unit}（${limit} ${unit}${heldZh}）`,
  };
}

function firing(rule: RuleSpec, at: Date, readings: Reading[], alarms: string[], finding: Label): Firing {
  return {
    rule: rule.key,
    kind: rule.kind,
    name: rule.name,
    severity: rule.severity,
    partCategory: rule.partCategory,
    cause: rule.cause,
    at,
    finding,
    readings,
    alarms,
  };
}

/** The heartbeat firing of a unit silent since `lastSeenAt`. */
export function silentFiring(rule: RuleSpec & { kind: 'heartbeat' }, lastSeenAt: Date, now: Date): Firing {
  const minutes = Math.round((now.getTime() - lastSeenAt.getTime()) / 60_000);
  return firing(rule, now, [], [], {
    en: `Nothing received for ${minutes} min (last at ${lastSeenAt.toISOString()})`,
    zh: `已 ${minutes} 分钟未收到数据（最后一次 ${lastSeenAt.toISOString()}）`,
  });
}

export type { AlarmRule };

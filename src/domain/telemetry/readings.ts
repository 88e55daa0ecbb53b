import type { TelemetryModel } from './model.ts';

/** One message from a unit: an instant, the values measured then, the alarm codes active. */
export interface ReadingMessage {
  at: string;
  values: Record<string, number>;
  alarms?: string[];
}

export interface Reading {
  metric: string;
  at: Date;
  value: number;
}

/** Why a message was refused; every refusal is counted under one of these. */
export const REFUSAL_REASONS = {
  unknown_tenant: { en: 'Unknown company', zh: '未知公司' },
  unknown_unit: { en: 'Unknown unit', zh: '未知设备' },
  no_model: { en: 'The product has no telemetry model', zh: '该产品没有遥测模型' },
  unknown_metric: { en: 'Unknown metric', zh: '未知指标' },
  unknown_alarm: { en: 'Unknown alarm code', zh: '未知报警代码' },
  out_of_range: { en: 'Value outside what the sensor can report', zh: '数值超出传感器量程' },
  counter_went_back: { en: 'A counter went backwards', zh: '计数器回退' },
  clock_off: { en: 'The unit’s clock is far off', zh: '设备时钟偏差过大' },
  malformed: { en: 'Not a readable message', zh: '消息无法解析' },
  unauthorized: { en: 'Wrong device credentials', zh: '设备凭据错误' },
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

export type Checked =
  | { ok: true; at: Date; readings: Reading[]; alarms: string[] }
  | { ok: false; reason: RefusalReason; detail: string };

/**
 * Checks one message against the product's model, whole: one bad value refuses the message, so a
 * message is stored entirely or not at all. `now` and the skew limits come from the caller.
 */
export function checkMessage(
  model: TelemetryModel,
  message: ReadingMessage,
  now: Date,
  limits: { maxAheadSeconds: number; maxBehindSeconds: number },
  lastCounters: ReadonlyMap<string, number> = new Map(),
): Checked {
  const at = new Date(message.at);
  if (Number.isNaN(at.getTime()))
    return { ok: false, reason: 'malformed', detail: `"${message.at}" is not an instant` };
  const skew = (at.getTime() - now.getTime()) / 1000;
  if (skew > limits.maxAheadSeconds || -skew > limits.maxBehindSeconds)
    return {
      ok: false,
      reason: 'clock_off',
      detail: `${message.at} is ${Math.round(skew)} s from the server's clock`,
    };
  const readings: Reading[] = [];
  for (const [key, value] of Object.entries(message.values)) {
    const metric = model.metrics.find((m) => m.key === key);
    if (!metric) return { ok: false, reason: 'unknown_metric', detail: `no metric "${key}"` };
    if (typeof value !== 'number' || !Number.isFinite(value) || value < metric.min || value > metric.max)
      return {
        ok: false,
        reason: 'out_of_range',
        detail: `${key} = ${value} outside ${metric.min}…${metric.max} ${metric.unit}`,
      };
    const last = lastCounters.get(key);
    if (metric.counter && last !== undefined && value < last)
      return { ok: false, reason: 'counter_went_back', detail: `${key} = ${value} below ${last}` };
    readings.push({ metric: key, at, value });
  }
  const alarms = message.alarms ?? [];
  for (const code of alarms) {
    if (!model.alarms.some((a) => a.code === code))
      return { ok: false, reason: 'unknown_alarm', detail: `no alarm code "${code}"` };
  }
  return { ok: true, at, readings, alarms: [...new Set(alarms)] };
}

/** The start of the hour an instant falls in (UTC): the rollup it joins. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/** The first day of the month an instant falls in (UTC) and the next: a partition's bounds. */
export function monthOf(at: Date): { from: Date; to: Date; name: string } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  return {
    from: new Date(Date.UTC(y, m, 1)),
    to: new Date(Date.UTC(y, m + 1, 1)),
    name: `${y}m${String(m + 1).padStart(2, '0')}`,
  };
}

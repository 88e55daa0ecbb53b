import { describe, expect, it } from 'vitest';
import {
  addMonths,
  checkMessage,
  checkModel,
  evaluate,
  maintenanceDue,
  type TelemetryModel,
} from './index.ts';

const model: TelemetryModel = {
  metrics: [
    {
      key: 'p',
      name: { en: 'Pressure', zh: '压力' },
      unit: 'bar',
      min: 0,
      max: 40,
      normal: { low: 10, high: 20 },
    },
    {
      key: 'h',
      name: { en: 'Run hours', zh: '运行小时' },
      unit: 'h',
      min: 0,
      max: 1e6,
      normal: { low: 0, high: 1e6 },
      counter: true,
    },
  ],
  alarms: [{ code: 'E1', meaning: { en: 'Trip', zh: '跳闸' }, partCategory: 'compressor', severity: 'high' }],
  rules: [
    {
      key: 'high',
      kind: 'threshold',
      name: { en: 'High', zh: '高' },
      metric: 'p',
      above: 25,
      severity: 'high',
      partCategory: 'compressor',
      cause: 'wear',
    },
    {
      key: 'held',
      kind: 'threshold',
      name: { en: 'Held', zh: '持续' },
      metric: 'p',
      above: 22,
      sustainedSeconds: 600,
      severity: 'normal',
      partCategory: 'compressor',
      cause: 'wear',
    },
    {
      key: 'rise',
      kind: 'rate',
      name: { en: 'Rise', zh: '上升' },
      metric: 'p',
      perHour: 4,
      severity: 'normal',
      partCategory: 'compressor',
      cause: 'wear',
    },
    {
      key: 'alarm',
      kind: 'alarm',
      name: { en: 'Alarm', zh: '报警' },
      severity: 'normal',
      partCategory: null,
      cause: 'wear',
    },
  ],
  maintenance: { runHoursMetric: 'h', everyRunHours: 2000, everyMonths: 6 },
  dampSeconds: 900,
};
const now = new Date('2026-11-23T01:30:00Z');
const limits = { maxAheadSeconds: 300, maxBehindSeconds: 86_400 };
const none = { window: () => undefined, baseline: () => undefined };

describe('telemetry model', () => {
  it('refuses a message whole: unknown metric, out of range, counter back, clock off, unknown alarm', () => {
    const at = now.toISOString();
    expect(checkMessage(model, { at, values: { p: 12, x: 1 } }, now, limits)).toMatchObject({
      ok: false,
      reason: 'unknown_metric',
    });
    expect(checkMessage(model, { at, values: { p: 41 } }, now, limits)).toMatchObject({
      ok: false,
      reason: 'out_of_range',
    });
    expect(checkMessage(model, { at, values: { h: 5 } }, now, limits, new Map([['h', 6]]))).toMatchObject({
      ok: false,
      reason: 'counter_went_back',
    });
    expect(checkMessage(model, { at: '2026-11-23T02:00:00Z', values: {} }, now, limits)).toMatchObject({
      ok: false,
      reason: 'clock_off',
    });
    expect(checkMessage(model, { at, values: {}, alarms: ['E9'] }, now, limits)).toMatchObject({
      ok: false,
      reason: 'unknown_alarm',
    });
    expect(checkMessage(model, { at, values: { p: 12, h: 7 } }, now, limits)).toMatchObject({ ok: true });
  });

  it('a model naming a part the product lacks, or a metric it lacks, is refused', () => {
    expect(checkModel(model, ['compressor'])).toEqual([]);
    expect(
      checkModel({ ...model, rules: [{ ...model.rules[2]!, metric: 'q' } as never] }, ['pump']).length,
    ).toBeGreaterThan(0);
  });

  it('threshold, sustained, rate and alarm rules fire with the readings that made them', () => {
    const reading = { metric: 'p', at: now, value: 26 };
    const fired = evaluate(model, { at: now, readings: [reading], alarms: ['E1'] }, none).map((f) => f.rule);
    expect(fired).toEqual(['high', 'alarm:E1']);
    const window = [
      { metric: 'p', at: new Date(now.getTime() - 600_000), value: 23 },
      { metric: 'p', at: new Date(now.getTime() - 300_000), value: 23.5 },
      reading,
    ];
    const held = evaluate(
      model,
      { at: now, readings: [reading], alarms: [] },
      { ...none, window: () => window },
    );
    expect(held.find((f) => f.rule === 'held')?.readings).toHaveLength(3);
    const broken = evaluate(
      model,
      { at: now, readings: [reading], alarms: [] },
      { ...none, window: () => [window[0]!, { ...window[1]!, value: 21 }, reading] },
    );
    expect(broken.map((f) => f.rule)).not.toContain('held');
    const rising = evaluate(
      model,
      { at: now, readings: [{ ...reading, value: 20 }], alarms: [] },
      {
        ...none,
        baseline: () => ({ average: 14, middle: new Date(now.getTime() - 3_600_000) }),
      },
    );
    expect(rising.map((f) => f.rule)).toEqual(['rise']);
  });

  it('maintenance is due at 2,000 run hours or 6 months, whichever comes first', () => {
    const every = { runHours: 2000, months: 6 };
    expect(
      maintenanceDue({
        every,
        lastOn: '2026-08-04',
        runHoursNow: 13_999,
        runHoursAtLast: 12_000,
        today: '2026-11-23',
      }),
    ).toMatchObject({ due: false, dueOn: '2027-02-04', runHoursLeft: 1 });
    expect(
      maintenanceDue({
        every,
        lastOn: '2026-08-04',
        runHoursNow: 14_000,
        runHoursAtLast: 12_000,
        today: '2026-11-23',
      }),
    ).toMatchObject({ due: true, by: 'run_hours' });
    expect(
      maintenanceDue({
        every,
        lastOn: '2026-05-04',
        runHoursNow: 12_500,
        runHoursAtLast: 12_000,
        today: '2026-11-23',
      }),
    ).toMatchObject({ due: true, by: 'months' });
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });
});

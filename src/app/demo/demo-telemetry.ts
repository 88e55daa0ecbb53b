import type { TelemetryModel } from '../../domain/telemetry/index.ts';

/**
 * What a CH-900 reports (every 10 s over MQTT) and what its readings mean: pressures,
 * temperatures, compressor current and the run-hour counter; its controller's alarm codes; the
 * rules that open a case before the hospital calls; maintenance every 2,000 run hours or 6 months
 * (§2.4 of the commercial warranty makes maintenance every six months a condition of cover).
 */
export const CH900_TELEMETRY: TelemetryModel = {
  metrics: [
    {
      key: 'discharge_pressure',
      name: { en: 'Discharge pressure', zh: '排气压力' },
      unit: 'bar',
      min: 0,
      max: 45,
      normal: { low: 12, high: 22 },
    },
    {
      key: 'suction_pressure',
      name: { en: 'Suction pressure', zh: '吸气压力' },
      unit: 'bar',
      min: 0,
      max: 20,
      normal: { low: 3, high: 6.5 },
    },
    {
      key: 'leaving_water_temp',
      name: { en: 'Leaving chilled water', zh: '冷冻水出水温度' },
      unit: '°C',
      min: -20,
      max: 50,
      normal: { low: 5, high: 9 },
    },
    {
      key: 'entering_water_temp',
      name: { en: 'Entering chilled water', zh: '冷冻水进水温度' },
      unit: '°C',
      min: -20,
      max: 60,
      normal: { low: 10, high: 14 },
    },
    {
      key: 'compressor_current',
      name: { en: 'Compressor current', zh: '压缩机电流' },
      unit: 'A',
      min: 0,
      max: 400,
      normal: { low: 20, high: 90 },
    },
    {
      key: 'run_hours',
      name: { en: 'Run hours', zh: '运行小时' },
      unit: 'h',
      min: 0,
      max: 500_000,
      normal: { low: 0, high: 500_000 },
      counter: true,
    },
  ],
  alarms: [
    {
      code: 'E101',
      meaning: { en: 'High discharge pressure trip', zh: '排气压力过高停机' },
      partCategory: 'compressor',
      severity: 'high',
    },
    {
      code: 'E102',
      meaning: { en: 'Low suction pressure (refrigerant loss?)', zh: '吸气压力过低（冷媒泄漏？）' },
      partCategory: 'refrigerant_circuit',
      severity: 'high',
    },
    {
      code: 'E201',
      meaning: { en: 'Chilled water flow switch open', zh: '冷冻水流量开关断开' },
      partCategory: 'pump',
      severity: 'high',
    },
    {
      code: 'E301',
      meaning: { en: 'Controller fault', zh: '控制器故障' },
      partCategory: 'control_board',
      severity: 'normal',
    },
  ],
  rules: [
    {
      key: 'discharge_pressure_high',
      kind: 'threshold',
      name: { en: 'Discharge pressure high', zh: '排气压力过高' },
      metric: 'discharge_pressure',
      above: 26,
      severity: 'high',
      partCategory: 'compressor',
      cause: 'manufacturing_defect',
    },
    {
      key: 'discharge_pressure_rising',
      kind: 'rate',
      name: { en: 'Discharge pressure rising fast', zh: '排气压力快速上升' },
      metric: 'discharge_pressure',
      perHour: 4,
      severity: 'normal',
      partCategory: 'compressor',
      cause: 'manufacturing_defect',
    },
    {
      key: 'chilled_water_warm',
      kind: 'threshold',
      name: { en: 'Chilled water too warm', zh: '冷冻水温度过高' },
      metric: 'leaving_water_temp',
      above: 12,
      sustainedSeconds: 900,
      severity: 'high',
      partCategory: 'evaporator',
      cause: 'manufacturing_defect',
    },
    {
      key: 'controller_alarm',
      kind: 'alarm',
      name: { en: 'Controller alarm', zh: '控制器报警' },
      severity: 'normal',
      partCategory: null,
      cause: 'manufacturing_defect',
    },
    {
      key: 'silent',
      kind: 'heartbeat',
      name: { en: 'Unit silent', zh: '设备无数据' },
      silentSeconds: 900,
      severity: 'normal',
      partCategory: 'control_board',
      cause: 'manufacturing_defect',
    },
  ],
  maintenance: { runHoursMetric: 'run_hours', everyRunHours: 2000, everyMonths: 6, ref: '§2.4' },
  dampSeconds: 900,
};

export type { MaintenanceDue } from './maintenance.ts';
export { addMonths, maintenanceDue } from './maintenance.ts';
export type {
  AlarmSpec,
  HeartbeatRule,
  MetricSpec,
  RateRule,
  RuleSpec,
  TelemetryModel,
  ThresholdRule,
} from './model.ts';
export { checkModel } from './model.ts';
export type { Checked, Reading, ReadingMessage, RefusalReason } from './readings.ts';
export { checkMessage, hourOf, monthOf, REFUSAL_REASONS } from './readings.ts';
export type { Firing, History } from './rules.ts';
export { evaluate, historyNeeded, silentFiring } from './rules.ts';

export type { AlarmGuide } from './alarm-guides.ts';
export { alarmGuides } from './alarm-guides.ts';
export { attachReadingWindow } from './attach-reading-window.ts';
export { checkHeartbeats } from './check-heartbeats.ts';
export type { DeviceCredential } from './device-credentials.ts';
export {
  brokerAuthFiles,
  issueDeviceCredential,
  mosquittoHash,
  telemetryTopic,
  verifyDeviceCredential,
} from './device-credentials.ts';
export type { RuleOutcome } from './fire-rule.ts';
export type { Incoming, IngestReport, TelemetryLimits } from './ingest-readings.ts';
export { DEFAULT_TELEMETRY_LIMITS, ingestReadings, TelemetryCache } from './ingest-readings.ts';
export { pruneTelemetry } from './prune-telemetry.ts';
export { refusalCounts } from './refusal-counts.ts';
export {
  setTelemetryModel,
  showTelemetryModel,
  telemetryModelOf,
  writeTelemetryModel,
} from './telemetry-model.ts';
export type { UnitTelemetry } from './unit-telemetry.ts';
export { chartSeries, unitTelemetry } from './unit-telemetry.ts';

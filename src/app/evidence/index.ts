export { appendEntry, eachUnderSavepoint } from './append-entry.ts';
export type { Checkpoint } from './create-checkpoint.ts';
export { checkpointAllTenants, createCheckpoint, toCheckpoint } from './create-checkpoint.ts';
export type { Change, ChangeAuthor } from './record-change.ts';
export { recordChange, recordChanges } from './record-change.ts';
export { describeBreak, verifyEvidence } from './verify-evidence.ts';
export { checkpointTenantEvidence, verifyTenantEvidence } from './verify-tenant-evidence.ts';

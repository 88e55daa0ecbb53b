export { opensslTimestampChecker as timestampCheckerWithCa } from '../../store/timestamp-authority.ts';
export { appendEntry, eachUnderSavepoint } from './append-entry.ts';
export type { LogRollback } from './check-rollback.ts';
export { findRollbacks, latestTreeHeads } from './check-rollback.ts';
export type { Checkpoint } from './create-checkpoint.ts';
export { checkpointAllTenants, createCheckpoint, toCheckpoint } from './create-checkpoint.ts';
export type { Receipt } from './log-proofs.ts';
export { consistencyProof, inclusionProof } from './log-proofs.ts';
export type { Change, ChangeAuthor } from './record-change.ts';
export { recordChange, recordChanges } from './record-change.ts';
export type { SignedTreeHead } from './sequence-log.ts';
export {
  latestTreeHead,
  sequenceLog,
  sequencePendingTenants,
  signTreeHead,
  toTreeHead,
} from './sequence-log.ts';
export type { EvidenceBreak, Redaction, VerificationReport, VerifyPins } from './verify-evidence.ts';
export {
  describeBreak,
  headProblem,
  payloadToCheck,
  personalSaltsBetween,
  verifyEvidence,
} from './verify-evidence.ts';
export { checkpointTenantEvidence, verifyTenantEvidence } from './verify-tenant-evidence.ts';

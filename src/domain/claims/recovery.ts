/**
 * A recovery claim to a supplier moves one way: prepared when the repair is completed, then sent
 * (or dropped as rejected), then credited or rejected by the supplier. Credited and rejected are final.
 */
export type RecoveryState = 'prepared' | 'sent' | 'credited' | 'rejected';
export type RecoveryStepName = 'sent' | 'credited' | 'rejected';

const NEXT: Record<RecoveryState, readonly RecoveryStepName[]> = {
  prepared: ['sent', 'rejected'],
  sent: ['credited', 'rejected'],
  credited: [],
  rejected: [],
};

export function canTakeRecoveryStep(from: RecoveryState, step: RecoveryStepName): boolean {
  return NEXT[from].includes(step);
}

import { describe, expect, it } from 'vitest';
import { canTakeRecoveryStep } from './recovery.ts';

describe('canTakeRecoveryStep', () => {
  it('prepared → sent → credited, or rejected on the way', () => {
    expect(canTakeRecoveryStep('prepared', 'sent')).toBe(true);
    expect(canTakeRecoveryStep('prepared', 'rejected')).toBe(true);
    expect(canTakeRecoveryStep('sent', 'credited')).toBe(true);
    expect(canTakeRecoveryStep('sent', 'rejected')).toBe(true);
  });

  it('no credit before it is sent, nothing after it is credited or rejected, no second sending', () => {
    expect(canTakeRecoveryStep('prepared', 'credited')).toBe(false);
    expect(canTakeRecoveryStep('sent', 'sent')).toBe(false);
    for (const step of ['sent', 'credited', 'rejected'] as const) {
      expect(canTakeRecoveryStep('credited', step)).toBe(false);
      expect(canTakeRecoveryStep('rejected', step)).toBe(false);
    }
  });
});

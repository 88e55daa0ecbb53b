import { canonicalJson } from '../../domain/evidence/index.ts';

/** What a rotation entry's old key signs: that the new key speaks for the log from here on. */
export function rotationMaterial(r: {
  tenantId: string;
  previousKeyFingerprint: string;
  keyFingerprint: string;
}): string {
  return canonicalJson({
    kind: 'servicebook-key-rotation-v1',
    tenantId: r.tenantId,
    previousKeyFingerprint: r.previousKeyFingerprint,
    keyFingerprint: r.keyFingerprint,
  });
}

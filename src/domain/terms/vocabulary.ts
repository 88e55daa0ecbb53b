import type { Agreement } from './agreement.ts';

/**
 * Causes of failure every set of terms may meet, whether or not a clause names them: what a
 * technician can find. A cause a clause names (in `covers` or `excludes`) is known too.
 */
export const COMMON_CAUSES = [
  'manufacturing_defect',
  'material_defect',
  'workmanship',
  'wear',
  'misuse',
  'accident',
  'transport_damage',
  'unauthorized_repair',
  'missed_maintenance',
  'power_quality',
  'liquid_damage',
  'force_majeure',
] as const;

/** The closed vocabulary of failure causes for a tenant's terms: the common ones and every one a clause names. */
export function knownCauses(agreements: readonly Agreement[]): string[] {
  const causes = new Set<string>(COMMON_CAUSES);
  for (const a of agreements) {
    for (const cause of a.coverage?.covers ?? []) causes.add(cause);
    for (const exclusion of a.coverage?.excludes ?? []) causes.add(exclusion.cause);
  }
  return [...causes].sort();
}

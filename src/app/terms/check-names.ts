/**
 * The names the terms check writes its sentences with: severities and part categories from their
 * label maps, and party names when the caller has the tenant's records (files alone have none,
 * and the check then reads the party key).
 */
import { SEVERITY_LABELS } from '../../domain/case/labels.ts';
import { PART_CATEGORY_LABELS } from '../../domain/parts/labels.ts';
import type { CheckOptions } from '../../domain/terms/index.ts';

export type CheckNames = NonNullable<CheckOptions['names']>;

export function checkNames(parties?: CheckNames['parties']): CheckNames {
  return {
    severities: SEVERITY_LABELS,
    partCategories: PART_CATEGORY_LABELS,
    ...(parties && { parties }),
  };
}

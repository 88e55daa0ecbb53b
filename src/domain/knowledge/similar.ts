import { termsOf } from './terms.ts';

/**
 * Similar resolved cases: a candidate on the same product and failure part category scores the
 * Jaccard overlap of the two descriptions' terms (Chinese segmented, English stemmed), plus a
 * fixed share for each field that matches (product, part category, cause, fault code named in
 * both texts). Method stated in README.
 */
export interface CaseLike {
  productId: string | null;
  partCategory: string | null;
  cause: string | null;
  text: string;
}

export const FIELD_WEIGHTS = { product: 0.3, partCategory: 0.3, cause: 0.1, faultCode: 0.3 } as const;

const FAULT_CODE = /\b[A-Z]{1,2}\d{1,4}\b/g;

export function faultCodesIn(text: string): Set<string> {
  return new Set(text.normalize('NFKC').toUpperCase().match(FAULT_CODE) ?? []);
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const t of a) if (b.has(t)) both++;
  return both / (a.size + b.size - both);
}

export function similarity(target: CaseLike, candidate: CaseLike): number {
  let score = jaccard(new Set(termsOf(target.text)), new Set(termsOf(candidate.text)));
  if (target.productId && target.productId === candidate.productId) score += FIELD_WEIGHTS.product;
  if (target.partCategory && target.partCategory === candidate.partCategory)
    score += FIELD_WEIGHTS.partCategory;
  if (target.cause && target.cause === candidate.cause) score += FIELD_WEIGHTS.cause;
  const codes = faultCodesIn(target.text);
  if ([...faultCodesIn(candidate.text)].some((c) => codes.has(c))) score += FIELD_WEIGHTS.faultCode;
  return score;
}

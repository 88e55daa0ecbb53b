/**
 * Typo tolerance by symmetric deletes: every English term of four letters or more is kept with each
 * of its one-letter deletions; a query word finds the terms that share itself or one of its own
 * deletions, then the true distance (one insertion, deletion, substitution or swap) decides.
 * Index-backed: a lookup per variant, never a scan of the vocabulary.
 */
export const TYPO_MIN_LENGTH = 4;

export function typoTolerant(term: string): boolean {
  return /^[a-z]+$/.test(term) && term.length >= TYPO_MIN_LENGTH;
}

/** The term and its one-letter deletions. */
export function deletionVariants(term: string): string[] {
  const out = new Set<string>([term]);
  for (let i = 0; i < term.length; i++) out.add(term.slice(0, i) + term.slice(i + 1));
  return [...out];
}

/** True when `a` and `b` are at most one edit apart (Damerau: a swap of neighbours is one edit). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diffs: number[] = [];
    for (let i = 0; i < la; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    if (diffs.length === 2) {
      const [i, j] = diffs as [number, number];
      return j === i + 1 && a[i] === b[j] && a[j] === b[i];
    }
    return false;
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

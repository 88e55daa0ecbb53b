import { decideEntitlement, type EntitlementDecision } from '../../domain/terms/index.ts';
import { parseClaim, parseTermsOrThrow, type TermsSource } from './parse-terms.ts';

/** Decides a claim file by terms files, with no database (the `terms decide` command). */
export function decideClaimFiles(terms: readonly TermsSource[], claim: TermsSource): EntitlementDecision {
  const agreements = parseTermsOrThrow(terms).map((p) => p.agreement);
  const { unit, failure, account } = parseClaim(claim);
  return decideEntitlement({ agreements, unit, failure, ...(account ? { account } : {}) });
}

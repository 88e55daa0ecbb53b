export type { ClaimDecision, ClaimedLine } from './claim.ts';
export { decideClaim } from './claim.ts';
export { canTakeRecoveryStep } from './recovery.ts';
export { type LineReview, type ReviewProblem, reviewClaim } from './review.ts';

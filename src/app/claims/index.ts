export { advanceRecovery } from './advance-recovery.ts';
export { loadVisibleClaim, toClaimView } from './claim-view.ts';
export { listClaims } from './list-claims.ts';
export { payClaim } from './pay-claim.ts';
export { listRecoveries, loadRecovery, toRecoveryViews } from './recovery-view.ts';
export { resubmitClaim } from './resubmit-claim.ts';
export { reviewPartnerClaim } from './review-claim.ts';
export { submitClaim } from './submit-claim.ts';

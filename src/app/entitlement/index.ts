export { checkWarranty } from './check-warranty.ts';
export { decideEntitlementForClaim } from './decide-claim.ts';
export type { DecisionFacts } from './decision-facts.ts';
export { checkFailure, eventAt, loadDecisionFacts } from './decision-facts.ts';

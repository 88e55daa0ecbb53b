export { escalationLadderView, escalationStanding } from './escalation-ladder.ts';
export {
  type FollowUpInput,
  listReviews,
  reviewView,
  type SaveReviewInput,
  saveReview,
  updateReview,
} from './reviews.ts';
export { counterpartyScorecard } from './scorecard.ts';
export { type LadderContactInput, setEscalationLadder } from './set-escalation-ladder.ts';
export { listCounterparties } from './support.ts';

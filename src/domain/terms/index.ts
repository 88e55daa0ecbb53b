export type {
  Agreement,
  EscalationLevel,
  EscalationRule,
  EscalationWhen,
  ServiceLevels,
  TargetKind,
} from './agreement.ts';
export { CUSTOMER_FACING, inForceOn, intakeDuty, partnerAgreement, versionsInForce } from './agreement.ts';
export { businessDaysOf } from './check/business-days.ts';
export type { CheckOptions, CheckReport, PartCatalogEntry } from './check/index.ts';
export { checkTerms } from './check/index.ts';
export type { AccountState, ClaimFile, FailureFacts, UnitContractFacts, UnitFacts } from './claim.ts';
export type {
  Contribution,
  EntitlementDecision,
  LevelsContract,
  RecoveryDecision,
  ResolvedBearer,
} from './decide.ts';
export { coveredThrough, decideEntitlement, lastCoveredDay, levelsContracts } from './decide.ts';
export type { AgreementDiff } from './diff.ts';
export { diffAgreements } from './diff.ts';
export type { TermsEvent } from './event-date.ts';
export { endOfDayIn, localDateIn, termsEvent } from './event-date.ts';
export { TARGET_LABELS } from './labels.ts';
export type {
  Caution,
  ClauseEdit,
  ConfirmedClause,
  ConfirmedValue,
  ConfirmProblem,
  ManagementTrigger,
  Markup,
  ProposedClause,
  ProposedValue,
  Review,
  ReviewData,
  RiskLine,
} from './review/index.ts';
export {
  applyConfirmed,
  checkOptionsOf,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_RATES,
  diffTokens,
  nextVersionOf,
  readDraft,
  reviewTerms,
} from './review/index.ts';
export {
  cautionsText,
  markupHtml,
  SUMMARY_LINES,
  summaryHtml,
  summaryText,
  triggersText,
} from './review/render.ts';
export type { ProblemKind } from './schema.ts';
export { formatPath } from './schema.ts';
export type { Lang } from './summary.ts';
export { renderHtml, renderText } from './summary.ts';
export { SUBDIVISIONS } from './territories.ts';
export type { Validated, ValidateOptions } from './validate.ts';
export { validateAgreement, validateClaim } from './validate.ts';
export { knownCauses } from './vocabulary.ts';
export type { WarrantyOverview } from './warranty.ts';
export { warrantyOverview } from './warranty.ts';

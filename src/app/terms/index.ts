export {
  cautionsText,
  checkOptionsOf,
  markupHtml,
  summaryHtml,
  summaryText,
  triggersText,
} from '../../domain/terms/index.ts';
export { type AcceptedMarkup, acceptMarkup } from './accept-markup.ts';
export { agreementsOfVersions, loadAgreements, loadPartyNames } from './agreement-store.ts';
export type { CheckFormat } from './check-terms.ts';
export { checkTenantTerms, checkTermsFiles, renderCheck } from './check-terms.ts';
export { type ConfirmedDraft, confirmDraft, type DraftHeader } from './confirm-draft.ts';
export { decideClaimFiles } from './decide-claim-files.ts';
export { diffAgreementVersions } from './diff-agreement-versions.ts';
export { importAgreements, importAgreementsAs } from './import-agreements.ts';
export { listAgreements } from './list-agreements.ts';
export { markupDocx } from './markup-docx.ts';
export { parsePartCatalog } from './parse-part-catalog.ts';
export { parseTermsOrThrow } from './parse-terms.ts';
export { readDraftAs, readDraftFile } from './read-draft-file.ts';
export { readTermsFiles } from './read-terms-files.ts';
export {
  checkReviewData,
  loadReviewData,
  readReviewData,
  type StoredReviewData,
  updateReviewData,
} from './review-data.ts';
export { reviewTenantTerms } from './review-tenant-terms.ts';
export { parseReviewData, reviewTermsFiles } from './review-terms-files.ts';
export { readAgreementSource, showAgreement } from './show-agreement.ts';
export { loadStoredCalendars, parseCalendarFiles } from './terms-calendars.ts';

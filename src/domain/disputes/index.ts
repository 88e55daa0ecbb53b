export type {
  BackToBack,
  BreachFact,
  DisputeClause,
  ForumDeadline,
  RecoveryClaim,
  RecoveryLineFact,
  ServiceCredits,
} from './disputes.ts';
export {
  backToBackPenalty,
  CIETAC_2024,
  CIETAC_2024_SUMMARY,
  CIETAC_SUMMARY_LIMIT_CNY_MINOR,
  canMoveStage,
  disputeClauseOf,
  forumDeadlines,
  recoveryClaim,
  serviceCredits,
  stagesAfter,
} from './disputes.ts';
export type { DeliveryMethod, MatterStage, NoticeKind, NoticeState, SupplierRequestState } from './labels.ts';
export {
  DELIVERY_METHOD_LABELS,
  DELIVERY_METHODS,
  DISPUTE_WORDS,
  MATTER_STAGE_LABELS,
  MATTER_STAGES,
  NOTICE_KIND_LABELS,
  NOTICE_KINDS,
  NOTICE_STATE_LABELS,
  SUPPLIER_REQUEST_STATE_LABELS,
} from './labels.ts';
export type { NoticeContent } from './notice.ts';
export { noticeHtml, noticeSections } from './notice.ts';

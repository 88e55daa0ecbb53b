export type { BounceReport, ClassifyInput, Headers, MailKind } from './classify.ts';
export { classifyMail, isFlood, readBounce } from './classify.ts';
export { MAIL_AUTH_LABELS, MAIL_OUTCOME_LABELS, TRIAGE_REASON_LABELS } from './labels.ts';
export type { OutgoingRef } from './threading.ts';
export {
  caseNumberInSubject,
  messageIdsIn,
  messageKey,
  normalMessageId,
  outgoingMessageId,
  parseOutgoingMessageId,
  referencedIds,
  serialCandidates,
  supplierRequestInSubject,
} from './threading.ts';

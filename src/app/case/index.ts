export { addCaseMessage } from './add-case-message.ts';
export { assignCase } from './assign-case.ts';
export { BULK_LIMIT, bulkUpdateCases } from './bulk-update-cases.ts';
export type { CannedReplyInput, CannedReplyView } from './canned-reply-view.ts';
export { caseActivity, readCaseFile } from './case-activity.ts';
export type { ClockRow } from './case-clocks.ts';
export { applyConditions, clockView, saveClock } from './case-clocks.ts';
export { caseReceipt } from './case-receipt.ts';
export {
  decisionForReaders,
  isCustomerOf,
  loadVisibleCase,
  shownNumber,
  toCaseView,
  visibleCases,
} from './case-view.ts';
export { changeCaseSeverity } from './change-case-severity.ts';
export { changeCaseState } from './change-case-state.ts';
export { deleteCannedReply } from './delete-canned-reply.ts';
export { escalateCase } from './escalate-case.ts';
export { listEscalations, moveEscalation } from './escalation-board.ts';
export { fileVisitReport } from './file-visit-report.ts';
export { listCannedReplies } from './list-canned-replies.ts';
export { listCaseHistory } from './list-case-history.ts';
export { listCaseQueue } from './list-case-queue.ts';
export { lookupCustomers } from './lookup-customers.ts';
export { lookupUnits } from './lookup-units.ts';
export { markCaseRead } from './mark-case-read.ts';
export { mergeCase } from './merge-case.ts';
export { openCase } from './open-case.ts';
export { previewOpening } from './preview-opening.ts';
export { processDueClocks } from './process-due-clocks.ts';
export { queueCountdowns } from './queue-countdowns.ts';
export { queueCounts } from './queue-counts.ts';
export { raiseEscalation } from './raise-escalation.ts';
export { recordDiagnosis } from './record-diagnosis.ts';
export { recordPaymentDispute } from './record-payment-dispute.ts';
export { respondToAssignment } from './respond-to-assignment.ts';
export { saveCannedReply } from './save-canned-reply.ts';
export { serviceDashboard } from './service-dashboard.ts';
export { showCase } from './show-case.ts';
export { weighCaseTriggers } from './weigh-case-triggers.ts';

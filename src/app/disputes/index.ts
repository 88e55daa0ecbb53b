export {
  changeMatterStage,
  computeRecoveryClaim,
  listMatters,
  matterView,
  type OpenMatterInput,
  openMatter,
  recordSettlement,
} from './matters.ts';
export {
  type IssueNoticeInput,
  issueNotice,
  listNotices,
  noticeLetter,
  noticeView,
  recordNoticeAnswer,
  type SendNoticeInput,
  sendNotice,
} from './notices.ts';
export { bookServiceCredits } from './service-credits.ts';
export {
  listSupplierRequests,
  type OpenSupplierRequestInput,
  openSupplierRequest,
  postSupplierRequestMessage,
  supplierRequestView,
} from './supplier-requests.ts';

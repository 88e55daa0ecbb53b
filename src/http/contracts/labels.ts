/**
 * The names of the domain's keys, in English and Chinese, for the web pages (which may import
 * only src/http/contracts). Pure data and two small functions: nothing here reaches the server.
 */

export {
  CASE_KIND_LABELS,
  CASE_STATE_LABELS,
  CHANNEL_LABELS,
  CLOCK_SIDE_LABELS,
  CLOCK_STATUS_LABELS,
  ESCALATION_STATE_LABELS,
  ESCALATION_TRIGGER_LABELS,
  SEVERITY_LABELS,
  THREAT_LABELS,
  triggerInWords,
} from '../../domain/case/labels.ts';
export {
  CLAIM_LINE_KIND_LABELS,
  CLAIM_LINE_REASON_LABELS,
  CLAIM_STATE_LABELS,
  DEFECTIVE_PART_STATE_LABELS,
  LINE_STATUS_LABELS,
  RECOVERY_STATE_LABELS,
} from '../../domain/claims/labels.ts';
export {
  DELIVERY_METHOD_LABELS,
  MATTER_STAGE_LABELS,
  NOTICE_KIND_LABELS,
  NOTICE_STATE_LABELS,
  SUPPLIER_REQUEST_STATE_LABELS,
} from '../../domain/disputes/labels.ts';
export { ENTRY_TYPE_LABELS, SUBJECT_TYPE_LABELS } from '../../domain/evidence/labels.ts';
export { type Label, type Language, labelOf } from '../../domain/label.ts';
export { COST_KIND_LABELS } from '../../domain/ledger/labels.ts';
export { DUTY_RISK_LABELS, LOCATION_KIND_LABELS, PART_CATEGORY_LABELS } from '../../domain/parts/labels.ts';
export { PARTY_ROLE_LABELS, USER_ROLE_LABELS } from '../../domain/party/labels.ts';
export {
  PART_RESERVATION_STATE_LABELS,
  REPAIR_RESULT_LABELS,
  REPAIR_STATE_LABELS,
} from '../../domain/repair/labels.ts';
export {
  PARTS_ORDER_STATE_LABELS,
  PARTS_ORDER_STEP_LABELS,
  SHOP_DECISION_LABELS,
  SHOP_STATUS_LABELS,
} from '../../domain/repair-shop/labels.ts';
export {
  DISPOSITION_LABELS,
  RETURN_CONDITION_LABELS,
  RETURN_REASON_LABELS,
  RETURN_STATE_LABELS,
  RETURN_VERDICT_LABELS,
} from '../../domain/returns/labels.ts';
export {
  AGREEMENT_KIND_LABELS,
  AGREEMENT_ROLE_LABELS,
  CLAIM_EVIDENCE_LABELS,
  CLOCK_LABELS,
  COST_ITEM_LABELS,
  COVER_CONDITION_LABELS,
  CUSTOMER_TYPE_LABELS,
  ESCALATION_LEVEL_LABELS,
  FAILURE_CAUSE_LABELS,
  REMEDY_LABELS,
  SERVICE_MODE_LABELS,
  START_EVENT_LABELS,
  TARGET_LABELS,
} from '../../domain/terms/labels.ts';
export { durationInWords } from '../../domain/time/labels.ts';

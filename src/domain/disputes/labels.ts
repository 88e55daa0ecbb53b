import type { Label, Labels } from '../label.ts';

export type MatterStage = 'negotiation' | 'mediation' | 'arbitration' | 'litigation' | 'settled' | 'closed';
export type SupplierRequestState = 'awaiting_supplier' | 'answered' | 'closed';
export type NoticeKind = 'breach' | 'complaint';
export type NoticeState = 'draft' | 'sent' | 'answered' | 'cure_expired';
export type DeliveryMethod = 'email' | 'recorded_delivery';

export const MATTER_STAGE_LABELS: Labels<MatterStage> = {
  negotiation: { en: 'Negotiation', zh: '协商' },
  mediation: { en: 'Mediation', zh: '调解' },
  arbitration: { en: 'Arbitration', zh: '仲裁' },
  litigation: { en: 'Litigation', zh: '诉讼' },
  settled: { en: 'Settled', zh: '已和解' },
  closed: { en: 'Closed', zh: '已结案' },
};

export const SUPPLIER_REQUEST_STATE_LABELS: Labels<SupplierRequestState> = {
  awaiting_supplier: { en: 'Awaiting the supplier', zh: '等待供应商答复' },
  answered: { en: 'Answered', zh: '已答复' },
  closed: { en: 'Closed', zh: '已关闭' },
};

export const NOTICE_KIND_LABELS: Labels<NoticeKind> = {
  breach: { en: 'Notice of breach', zh: '违约通知书' },
  complaint: { en: 'Formal complaint', zh: '正式投诉函' },
};

export const NOTICE_STATE_LABELS: Labels<NoticeState> = {
  draft: { en: 'Draft', zh: '草稿' },
  sent: { en: 'Sent, cure period running', zh: '已送达，补救期进行中' },
  answered: { en: 'Answered', zh: '已答复' },
  cure_expired: { en: 'Cure period expired without remedy', zh: '补救期届满未补救' },
};

export const DELIVERY_METHOD_LABELS: Labels<DeliveryMethod> = {
  email: { en: 'E-mail', zh: '电子邮件' },
  recorded_delivery: { en: 'Recorded delivery (courier with waybill)', zh: '挂号/快递（附运单号）' },
};

export const MATTER_STAGES = Object.keys(MATTER_STAGE_LABELS) as MatterStage[];
export const NOTICE_KINDS = Object.keys(NOTICE_KIND_LABELS) as NoticeKind[];
export const DELIVERY_METHODS = Object.keys(DELIVERY_METHOD_LABELS) as DeliveryMethod[];

export const DISPUTE_WORDS = {
  noForum: {
    en: 'The agreement names no forum: neither arbitration nor a court is agreed. Without an arbitration agreement, a dispute goes to the competent people’s court (PRC Civil Procedure Law); agree a forum before filing.',
    zh: '协议未约定争议解决机构：既未约定仲裁，也未约定法院。无仲裁协议的，争议由有管辖权的人民法院审理（《民事诉讼法》）；提起前宜先约定。',
  },
  noCurePeriod: {
    en: 'The agreement names no cure period: the period in this notice is the one the sender set.',
    zh: '协议未约定补救期：本通知中的期限由发函方设定。',
  },
  noPenaltyClause: {
    en: 'No back-to-back penalty is owed: the partner agreement sets service levels but no credits or penalties for missing them.',
    zh: '无需背靠背罚金：合作协议规定了服务水平，但未约定未达标时的抵扣或罚金。',
  },
  partnerNotBreached: {
    en: 'No back-to-back penalty is owed: the partner’s own commitment on this case was not breached.',
    zh: '无需背靠背罚金：该服务单上合作方自身的承诺未被违反。',
  },
} satisfies Record<string, Label>;

import type { Label } from '../label.ts';

/** Why a mail went to the triage list instead of onto a case. */
export const TRIAGE_REASON_LABELS = {
  unknown_sender: { en: 'Sender unknown', zh: '发件人未知' },
  case_not_visible: { en: 'Names a case its sender may not see', zh: '引用了发件人无权查看的工单' },
  request_not_visible: {
    en: 'Names a supplier request its sender may not see',
    zh: '引用了发件人无权查看的供应商支持请求',
  },
  not_a_customer: { en: 'Sender is not a customer', zh: '发件人不是客户' },
  sender_disabled: { en: 'Sender’s account is disabled', zh: '发件人账号已停用' },
  too_large: { en: 'Too large', zh: '邮件过大' },
  malformed: { en: 'Could not be read', zh: '无法解析' },
  not_filed: { en: 'Could not be filed on a case', zh: '无法归入服务单' },
} as const satisfies Record<string, Label>;

/** What became of a mail received. */
export const MAIL_OUTCOME_LABELS = {
  case_opened: { en: 'Opened a case', zh: '已创建工单' },
  case_message: { en: 'Added to its case', zh: '已加入工单' },
  supplier_request_message: { en: 'Added to its supplier request', zh: '已加入供应商支持请求' },
  triage: { en: 'Waiting in triage', zh: '待分拣' },
  auto_reply: { en: 'Automatic reply, ignored', zh: '自动回复，已忽略' },
  bounce: { en: 'Delivery failure report', zh: '退信报告' },
  loop: { en: 'Mail loop, ignored', zh: '邮件循环，已忽略' },
  flood: { en: 'Too many mails from this sender', zh: '该发件人邮件过多' },
} as const satisfies Record<string, Label>;

/** What DKIM, SPF, DMARC and ARC said about a mail, in words. */
export const MAIL_AUTH_LABELS = {
  pass: { en: 'authenticated', zh: '已验证' },
  fail: { en: 'failed', zh: '验证失败' },
  none: { en: 'not signed', zh: '未签名' },
  neutral: { en: 'neutral', zh: '中性' },
  softfail: { en: 'soft fail', zh: '软失败' },
  temperror: { en: 'temporary error', zh: '临时错误' },
  permerror: { en: 'permanent error', zh: '永久错误' },
  policy: { en: 'policy', zh: '策略' },
} as const satisfies Record<string, Label>;

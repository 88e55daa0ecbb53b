import { CASE_KIND_LABELS, CASE_STATE_LABELS } from '../case/labels.ts';
import { CLAIM_STATE_LABELS } from '../claims/labels.ts';
import { type Label, type Language, labelOf } from '../label.ts';
import { RETURN_STATE_LABELS } from '../returns/labels.ts';
import { TARGET_LABELS } from '../terms/labels.ts';
import { NOTIFICATION_KIND_LABELS } from './labels.ts';

/** What a notification mail is made from: the outbox row, its case, and who reads it. */
export interface MailFacts {
  kind: string;
  locale: Language;
  recipientName: string;
  /** The brand whose service this is (the tenant's name). */
  senderName: string;
  caseNumber: string | null;
  /** The outbox row's subjects: the headline the writer chose, in both languages. */
  headline: Label;
  payload: Record<string, unknown>;
  /**
   * The service record's newest signed tree head when the mail is sent: handed to the reader, who
   * can later show that the record before it was not rewritten (the full head rides along as a file).
   */
  receipt?: { treeSize: number; rootHash: string; keyFingerprint: string; signedAt: string } | undefined;
  /** Where people reach the server (`PUBLIC_URL`): paths in the payload become absolute links on it. */
  publicUrl?: string | undefined;
}

/** A path of ours as a link a mail reader can follow: absolute on the public URL when one is set. */
export function absoluteLink(path: string, publicUrl: string | undefined): string {
  if (!path || !publicUrl) return path;
  return new URL(path.replace(/^\/*/, ''), `${publicUrl.replace(/\/+$/, '')}/`).href;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESCALATION_LEVEL_LABELS: Record<string, Label> = {
  supervisor: { en: 'Supervisor', zh: '主管' },
  management: { en: 'Management', zh: '管理层' },
  legal: { en: 'Legal', zh: '法务' },
};

const RECIPIENT_AS_LABELS: Record<string, Label> = {
  owner: { en: 'Owner', zh: '负责人' },
  supervisor: { en: 'Supervisor', zh: '主管' },
};

const DEADLINE_LABELS: Record<string, Label> = {
  return_approval: { en: 'Deciding on a return', zh: '退货审批' },
  defective_part_return: { en: 'Sending back a defective part', zh: '寄回故障件' },
  supplier_response: { en: 'The supplier’s support response', zh: '供应商支持响应' },
  cure_period: { en: 'Remedy within the cure period', zh: '补救期内纠正违约' },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** An instant as people read it: `2026-11-23 09:30 (UTC+08:00)` in the given zone (default Shanghai). */
export function whenInWords(iso: string, timeZone = 'Asia/Shanghai'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const offset = String(parts.timeZoneName ?? '').replace('GMT', 'UTC');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${offset || 'UTC'})`;
}

const word = (labels: Record<string, Label>, key: unknown, lang: Language): string | undefined =>
  typeof key === 'string' ? labelOf(labels, key)[lang] : undefined;

/** The paragraphs particular to each kind, in the reader's language. */
function bodyOf(f: MailFacts): string[] {
  const p = f.payload;
  const lang = f.locale;
  const zh = lang === 'zh';
  const n = f.caseNumber ?? '';
  const due = str(p.dueAt) ? whenInWords(p.dueAt as string) : undefined;
  switch (f.kind) {
    case 'case_opened': {
      const promises = Array.isArray(p.promises) ? (p.promises as Array<Record<string, unknown>>) : [];
      const kind = word(CASE_KIND_LABELS, p.caseKind, lang);
      const lines = promises.map((c) => {
        const target = word(TARGET_LABELS, c.target, lang) ?? '';
        const at = str(c.dueAt) ? whenInWords(c.dueAt as string) : '';
        return zh ? `· ${target}：${at} 前` : `· ${target}: by ${at}`;
      });
      return zh
        ? [
            `我们已受理您的服务请求，服务单号 ${n}${kind ? `（${kind}）` : ''}。`,
            ...(lines.length > 0 ? ['我们的服务承诺：', ...lines] : ['我们会尽快与您联系。']),
            '直接回复此邮件即可补充信息，邮件会记入该服务单。',
          ]
        : [
            `We have received your request and opened case ${n}${kind ? ` (${kind})` : ''}.`,
            ...(lines.length > 0 ? ['What we promise you:', ...lines] : ['We will be in touch shortly.']),
            'Reply to this e-mail to add anything: your reply is kept on the case.',
          ];
    }
    case 'case_reply': {
      const from = str(p.authorName) ?? (zh ? '客服' : 'our service team');
      const body = str(p.body) ?? '';
      return zh
        ? [`${from} 在服务单 ${n} 中回复了您：`, body, '直接回复此邮件即可答复。']
        : [`${from} replied on case ${n}:`, body, 'Reply to this e-mail to answer.'];
    }
    case 'case_state_changed': {
      const from = word(CASE_STATE_LABELS, p.from, lang) ?? '';
      const to = word(CASE_STATE_LABELS, p.to, lang) ?? '';
      const reason = str(p.reason);
      return zh
        ? [`服务单 ${n} 的状态由“${from}”变为“${to}”。`, ...(reason ? [`说明：${reason}`] : [])]
        : [`Case ${n} moved from “${from}” to “${to}”.`, ...(reason ? [`Note: ${reason}`] : [])];
    }
    case 'sla_warning':
    case 'sla_breached': {
      const target = word(TARGET_LABELS, p.target, lang) ?? '';
      const role = str(p.as) ? word(RECIPIENT_AS_LABELS, p.as, lang) : undefined;
      const ref = str(p.ref)
        ? zh
          ? `（依据 ${p.agreement ?? ''} ${p.ref}）`
          : ` (${p.agreement ?? ''} ${p.ref})`
        : '';
      const lines =
        f.kind === 'sla_warning'
          ? zh
            ? [`服务单 ${n} 的“${target}”时限即将到期：须于 ${due ?? ''} 前完成${ref}。`]
            : [`The ${target.toLowerCase()} target of case ${n} is close: it is due ${due ?? ''}${ref}.`]
          : zh
            ? [`服务单 ${n} 的“${target}”时限已于 ${due ?? ''} 逾期${ref}。`]
            : [`The ${target.toLowerCase()} target of case ${n} was missed: it was due ${due ?? ''}${ref}.`];
      if (role)
        lines.push(
          zh
            ? `您收到此邮件，因为您是该服务单的${role}。`
            : `You receive this as the case's ${role.toLowerCase()}.`,
        );
      return lines;
    }
    case 'escalation_raised': {
      const level = word(ESCALATION_LEVEL_LABELS, p.level, lang) ?? f.headline[lang];
      const actBy = str(p.actBy) ? whenInWords(p.actBy as string) : undefined;
      return zh
        ? [`服务单 ${n} 已升级至${level}。`, ...(actBy ? [`请于 ${actBy} 前处理。`] : [])]
        : [
            `Case ${n} has been escalated to ${level.toLowerCase()}.`,
            ...(actBy ? [`Please act by ${actBy}.`] : []),
          ];
    }
    case 'return_decided': {
      const state = word(RETURN_STATE_LABELS, p.state, lang) ?? '';
      const reason = str(p.reason);
      return zh
        ? [
            `您的退货申请 ${str(p.returnNumber) ?? ''} 审批结果：${state}。`,
            ...(reason ? [`说明：${reason}`] : []),
          ]
        : [
            `Your return ${str(p.returnNumber) ?? ''}: ${state.toLowerCase()}.`,
            ...(reason ? [`Note: ${reason}`] : []),
          ];
    }
    case 'claim_decided': {
      const state = word(CLAIM_STATE_LABELS, p.state, lang) ?? '';
      const amount = str(p.approvedAmount);
      return zh
        ? [
            `索赔 ${str(p.claimNumber) ?? ''} 审核结果：${state}。`,
            ...(amount ? [`批准金额：${amount}`] : []),
          ]
        : [
            `Claim ${str(p.claimNumber) ?? ''}: ${state.toLowerCase()}.`,
            ...(amount ? [`Approved amount: ${amount}`] : []),
          ];
    }
    case 'deadline_warning':
    case 'deadline_breached': {
      const what = word(DEADLINE_LABELS, p.deadline, lang) ?? '';
      return f.kind === 'deadline_warning'
        ? zh
          ? [`“${what}”的期限即将到期：${due ?? ''}。`, f.headline.zh]
          : [`The deadline for “${what.toLowerCase()}” is near: ${due ?? ''}.`, f.headline.en]
        : zh
          ? [`“${what}”的期限已过：${due ?? ''}。`, f.headline.zh]
          : [`The deadline for “${what.toLowerCase()}” has passed: it was ${due ?? ''}.`, f.headline.en];
    }
    case 'formal_notice':
    case 'supplier_request': {
      // The letter or the message itself, in the reader's language (both are given).
      const lines = zh ? p.linesZh : p.linesEn;
      return Array.isArray(lines) ? lines.map(String) : [f.headline[lang]];
    }
    case 'satisfaction_survey': {
      const link = absoluteLink(str(p.surveyPath) ?? '', f.publicUrl);
      return zh
        ? [
            `服务单 ${n} 已处理完毕。您对本次服务满意吗？`,
            `请花一分钟为我们打分（1-5 分）并留下意见：${link}`,
            '每个服务单只需回答一次，无需登录。',
          ]
        : [
            `Case ${n} has been resolved. How satisfied are you with our service?`,
            `Please take a minute to rate us (1 to 5) and leave a comment: ${link}`,
            'One answer per case; no sign-in needed.',
          ];
    }
    case 'quote_sent': {
      const total = str(p.total) ?? '';
      return zh
        ? [
            `服务单 ${n} 的维修不在保修范围内，报价 ${str(p.quoteNumber) ?? ''} 合计 ${total}。`,
            '请登录客户门户接受或拒绝该报价；接受后我们即安排维修。',
          ]
        : [
            `The repair on case ${n} is not covered; quote ${str(p.quoteNumber) ?? ''} comes to ${total}.`,
            'Please accept or decline it in the customer portal; we start the repair once you accept.',
          ];
    }
    case 'contract_renewal': {
      const ends = str(p.endsOn) ?? '';
      return zh
        ? [
            `您为 ${str(p.serial) ?? ''} 购买的合同 ${str(p.contractNumber) ?? ''} 将于 ${ends} 到期。`,
            '如需续约，请在客户门户中购买或联系我们。',
          ]
        : [
            `Your contract ${str(p.contractNumber) ?? ''} for ${str(p.serial) ?? ''} ends on ${ends}.`,
            'To renew it, buy a plan in the customer portal or contact us.',
          ];
    }
    default:
      return [f.headline[lang]];
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The receipt paragraph: what the reader keeps, and why. */
function receiptNote(r: NonNullable<MailFacts['receipt']>, sender: string, zh: boolean): string {
  const at = whenInWords(r.signedAt);
  return zh
    ? `记录凭证（请保留）：${sender} 的服务记录在 ${at} 共有 ${r.treeSize} 条，根哈希 ${r.rootHash}，由密钥 ${r.keyFingerprint} 签名。附件 servicebook-receipt.json 是完整的签名凭证；日后可用它核对此前的记录未被改写。`
    : `Record receipt (please keep): ${sender}'s service record held ${r.treeSize} entries at ${at}, root hash ${r.rootHash}, signed by key ${r.keyFingerprint}. The attached servicebook-receipt.json is the full signed receipt; with it you can later check that nothing recorded before it was rewritten.`;
}

/**
 * A notification mail in the reader's language, as text and HTML: the subject carries the case
 * number in brackets (`[C-000123] …`) so replies find their case, the body names things in words.
 */
export function renderNotification(f: MailFacts): RenderedMail {
  const zh = f.locale === 'zh';
  const headline =
    f.headline[f.locale] ||
    NOTIFICATION_KIND_LABELS[f.kind as keyof typeof NOTIFICATION_KIND_LABELS]?.[f.locale] ||
    f.kind;
  const tag = f.caseNumber ? `[${f.caseNumber}] ` : '';
  const subject = f.caseNumber && headline.includes(`[${f.caseNumber}]`) ? headline : `${tag}${headline}`;
  const greeting = zh ? `${f.recipientName}，您好：` : `Dear ${f.recipientName},`;
  const closing = zh ? [`${f.senderName} 售后服务`] : ['Kind regards,', `${f.senderName} service`];
  const body = bodyOf(f);
  const footer = f.receipt ? [receiptNote(f.receipt, f.senderName, zh)] : [];
  const text = [
    greeting,
    '',
    ...body.flatMap((p) => [p, '']),
    ...closing,
    '',
    ...footer.flatMap((p) => [p, '']),
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${zh ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...body.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p>${closing.map(escapeHtml).join('<br>')}</p>`,
    ...footer.map((p) => `<p style="font-size:smaller;color:#555">${escapeHtml(p)}</p>`),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

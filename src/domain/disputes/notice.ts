import type { Label } from '../label.ts';
import { NOTICE_KIND_LABELS, type NoticeKind } from './labels.ts';

/** A formal notice as generated from the record: everything the letter says, in both languages. */
export interface NoticeContent {
  kind: NoticeKind;
  number: string;
  date: string;
  from: { name: string; nameZh: string | null };
  to: { name: string; nameZh: string | null };
  agreement: { id: string; version: number; title: string };
  facts: Array<{ on: string; text: Label }>;
  clauses: Array<{ ref: string; text: Label }>;
  evidence: Array<{ seq: number; type: string; recordedAt: string; hash: string; label: Label }>;
  /** The files sent with the requests' messages (either way), by SHA-256; absent in notices drawn up before files existed. */
  files?: Array<{ request: string; name: string; mediaType: string; size: number; sha256: string }>;
  remedy: Label;
  amount: { minor: number; currency: string; text: string } | null;
  cure: { period: string; ref: string | null; days: number | null; setBySender: boolean };
  findings: Label[];
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WORDS = {
  to: { en: 'To', zh: '致' },
  from: { en: 'From', zh: '发函方' },
  date: { en: 'Date', zh: '日期' },
  under: { en: 'Agreement', zh: '协议' },
  facts: { en: 'Facts', zh: '事实' },
  clauses: { en: 'Clauses breached', zh: '违反的条款' },
  evidence: { en: 'Evidence (entries of our evidence record, SHA-256)', zh: '证据（证据记录条目，SHA-256）' },
  remedy: { en: 'Remedy demanded', zh: '要求的补救' },
  amount: { en: 'Amount claimed', zh: '索赔金额' },
  cure: { en: 'Cure period', zh: '补救期' },
  cureText: {
    en: 'Unless the breach is remedied within the cure period from receipt of this notice, we reserve all rights under the agreement and the law, including dispute resolution.',
    zh: '如贵方未在收到本通知之日起补救期内纠正违约，我方保留协议及法律项下的一切权利，包括启动争议解决程序。',
  },
  notes: { en: 'Notes', zh: '说明' },
} satisfies Record<string, Label>;

/** The notice as text lines in one language: what the HTML and the Word letter both show. */
export function noticeSections(n: NoticeContent, lang: 'en' | 'zh') {
  const name = (p: { name: string; nameZh: string | null }) =>
    lang === 'zh' ? (p.nameZh ?? p.name) : p.name;
  const cureLine =
    n.cure.days !== null
      ? lang === 'zh'
        ? `${n.cure.days} 日（${n.cure.period}${n.cure.ref ? `，${n.cure.ref}` : ''}）`
        : `${n.cure.days} days (${n.cure.period}${n.cure.ref ? `, ${n.cure.ref}` : ''})`
      : n.cure.period;
  return {
    title: `${NOTICE_KIND_LABELS[n.kind][lang]} ${n.number}`,
    header: [
      [WORDS.to[lang], name(n.to)],
      [WORDS.from[lang], name(n.from)],
      [WORDS.date[lang], n.date],
      [WORDS.under[lang], `${n.agreement.title} (${n.agreement.id} v${n.agreement.version})`],
    ] as Array<[string, string]>,
    sections: [
      { heading: WORDS.facts[lang], items: n.facts.map((f) => `${f.on}: ${f.text[lang]}`) },
      { heading: WORDS.clauses[lang], items: n.clauses.map((c) => `${c.ref}: ${c.text[lang]}`) },
      {
        heading: WORDS.evidence[lang],
        items: [
          ...n.evidence.map((e) => `#${e.seq} ${e.recordedAt} ${e.label[lang]} — ${e.hash}`),
          ...(n.files ?? []).map((f) =>
            lang === 'zh'
              ? `附件「${f.name}」（支持请求 ${f.request}，${f.size} 字节）— ${f.sha256}`
              : `File "${f.name}" (request ${f.request}, ${f.size} bytes) — ${f.sha256}`,
          ),
        ],
      },
      {
        heading: WORDS.remedy[lang],
        items: [
          n.remedy[lang],
          ...(n.amount ? [`${WORDS.amount[lang]}: ${n.amount.text} ${n.amount.currency}`] : []),
        ],
      },
      { heading: WORDS.cure[lang], items: [cureLine, WORDS.cureText[lang]] },
      ...(n.findings.length > 0
        ? [{ heading: WORDS.notes[lang], items: n.findings.map((f) => f[lang]) }]
        : []),
    ],
  };
}

/** The letter as a printable HTML page: English first, then Chinese, each complete. */
export function noticeHtml(n: NoticeContent): string {
  const part = (lang: 'en' | 'zh') => {
    const s = noticeSections(n, lang);
    return `<section lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><h1>${esc(s.title)}</h1><table>${s.header
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
      .join('')}</table>${s.sections
      .map((x) => `<h2>${esc(x.heading)}</h2><ol>${x.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>`)
      .join('')}</section>`;
  };
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(n.number)}</title><style>body{font-family:serif;max-width:48rem;margin:2rem auto}section{page-break-after:always}th{text-align:left;padding-right:1rem}li{margin:.3rem 0;word-break:break-all}</style></head><body>${part('en')}${part('zh')}</body></html>`;
}

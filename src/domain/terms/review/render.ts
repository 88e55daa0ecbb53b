/**
 * The review as people read it: the one-page summary (text and HTML), the HTML redline, the
 * cautions and the management triggers, each in English or Chinese.
 */
import type { Language } from '../../label.ts';
import { durationInWords } from '../../time/index.ts';
import { ESCALATION_LEVEL_LABELS } from '../labels.ts';
import { CAUTION_TOPICS, linesByLens, type Review } from './index.ts';
import { diffTokens } from './redline.ts';

/** How many risk lines the one-page summary shows; the rest are counted in its last line. */
export const SUMMARY_LINES = 8;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SEVERITY: Record<string, { en: string; zh: string }> = {
  high: { en: 'high', zh: '高' },
  medium: { en: 'medium', zh: '中' },
  low: { en: 'low', zh: '低' },
};

const money = (n: number, currency: string, lang: Language) =>
  lang === 'zh' ? `${n.toLocaleString('en-US')} 元/年` : `${currency} ${n.toLocaleString('en-US')} / yr`;

const T = {
  title: { en: 'Service risk summary', zh: '服务风险摘要' },
  lead: {
    en: 'Money at stake per year, largest first, by lens. Amounts overlap where risks share a cause; each shows its arithmetic and the assumptions to change.',
    zh: '按每年涉及金额由高到低排列，并按四个维度分组。风险同源时金额有重叠；每项列出计算依据及可调整的假设。',
  },
  clauses: { en: 'Clauses', zh: '条款' },
  basis: { en: 'Basis', zh: '依据' },
  fix: { en: 'Fix', zh: '修改' },
  rest: {
    en: 'further findings, listed in the mark-up and `terms check`',
    zh: '项其他发现，见修订稿及 `terms check`',
  },
  markup: { en: 'Clause mark-up', zh: '条款修订稿' },
  reason: { en: 'Why', zh: '理由' },
  change: { en: 'Structured change', zh: '结构化修改' },
  recheck: { en: 'Re-check', zh: '修订后复查' },
  cautions: { en: 'Operating cautions', zh: '经营注意事项' },
  triggers: { en: 'Escalation triggers (management set)', zh: '升级触发条件（管理层清单）' },
};

export function summaryText(review: Review, lang: Language): string {
  const out: string[] = [T.title[lang], '='.repeat(lang === 'zh' ? 12 : T.title.en.length), T.lead[lang], ''];
  const shown = review.lines.filter((l) => l.amount > 0).slice(0, SUMMARY_LINES);
  let n = 0;
  for (const g of linesByLens(shown)) {
    out.push(`${g.label[lang]} — ${money(g.total, review.currency, lang)}`);
    for (const l of g.lines) {
      n++;
      out.push(
        `${n}. ${l.risk[lang]}: ${money(l.amount, review.currency, lang)} [${SEVERITY[l.severity]![lang]}]`,
      );
      out.push(`   ${T.clauses[lang]}: ${l.clauses[lang]}`);
      out.push(`   ${T.basis[lang]}: ${l.basis[lang]}`);
      out.push(`   ${T.fix[lang]}: ${l.fix[lang]}`);
    }
    out.push('');
  }
  const rest = review.lines.length - shown.length;
  if (rest > 0) out.push(`+ ${rest} ${T.rest[lang]}`);
  return out.join('\n');
}

const PAGE_CSS = `@page{size:A4;margin:12mm}body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;font-size:8pt;line-height:1.25;margin:0}
h1{font-size:12pt;margin:0 0 2pt}h2{font-size:9pt;margin:5pt 0 1pt;border-bottom:1px solid #999}p{margin:0 0 3pt}
ol{margin:0;padding-left:14pt}li{margin:0 0 3pt}.amt{font-weight:bold}.sub{color:#333}
ins{color:#05620f;text-decoration:underline}del{color:#a00;text-decoration:line-through}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2pt;vertical-align:top}`;

export function summaryHtml(review: Review, lang: Language): string {
  const shown = review.lines.filter((l) => l.amount > 0).slice(0, SUMMARY_LINES);
  const parts: string[] = [];
  let n = 0;
  for (const g of linesByLens(shown)) {
    parts.push(
      `<h2>${esc(g.label[lang])} — ${esc(money(g.total, review.currency, lang))}</h2><ol start="${n + 1}">`,
    );
    for (const l of g.lines) {
      n++;
      parts.push(
        `<li><b>${esc(l.risk[lang])}</b>: <span class="amt">${esc(money(l.amount, review.currency, lang))}</span> [${SEVERITY[l.severity]![lang]}]<br><span class="sub">${T.clauses[lang]}: ${esc(l.clauses[lang])}<br>${T.basis[lang]}: ${esc(l.basis[lang])}<br>${T.fix[lang]}: ${esc(l.fix[lang])}</span></li>`,
      );
    }
    parts.push('</ol>');
  }
  const rest = review.lines.length - shown.length;
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${T.title[lang]}</title><style>${PAGE_CSS}</style></head><body><h1>${T.title[lang]}</h1><p>${esc(T.lead[lang])}</p>${parts.join('')}${rest > 0 ? `<p>+ ${rest} ${esc(T.rest[lang])}</p>` : ''}</body></html>`;
}

function redline(before: string, after: string): string {
  return diffTokens(before, after)
    .map((r) =>
      r.op === 'same'
        ? esc(r.text)
        : r.op === 'del'
          ? `<del>${esc(r.text)}</del>`
          : `<ins>${esc(r.text)}</ins>`,
    )
    .join('');
}

export function markupHtml(review: Review, lang: Language): string {
  const { markup } = review;
  const rows = markup.edits.map((e) => {
    const fields = e.fields
      .map(
        (f) =>
          `<code>${esc(f.path)}</code>: ${esc(JSON.stringify(f.before))} → ${esc(JSON.stringify(f.after))}`,
      )
      .join('<br>');
    return `<section><h2>${esc(e.title)} ${esc(e.ref)}</h2>
<p><b>EN</b> ${redline(e.before.en, e.after.en)}</p>
<p><b>中文</b> ${redline(e.before.zh, e.after.zh)}</p>
<p><i>${T.reason[lang]}:</i> ${esc(e.reasons.map((r) => r[lang]).join(' '))}</p>
<p class="sub"><i>${T.change[lang]}:</i><br>${fields}</p></section>`;
  });
  const c = (x: { high: number; medium: number; low: number }) =>
    `high ${x.high}, medium ${x.medium}, low ${x.low}`;
  const cured = markup.cured
    .map(
      (f) =>
        `<li>${esc(f.label[lang])} (${esc(f.refs.map((r) => `${r.agreement} ${r.ref}`).join('; '))})</li>`,
    )
    .join('');
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${T.markup[lang]}</title><style>${PAGE_CSS.replace('font-size:8pt', 'font-size:10pt')}</style></head><body>
<h1>${T.markup[lang]}</h1>
<p>${T.recheck[lang]}: ${c(markup.before.counts)} → ${c(markup.after.counts)}</p>
${rows.join('\n')}
<h2>${T.recheck[lang]}</h2><ul>${cured}</ul></body></html>`;
}

export function cautionsText(review: Review, lang: Language): string {
  const out = [T.cautions[lang], ''];
  let topic = '';
  for (const c of review.cautions) {
    if (c.topic !== topic) {
      topic = c.topic;
      out.push(`${CAUTION_TOPICS[c.topic][lang]}`);
    }
    out.push(`  - ${c.text[lang]}${c.clauses[lang] ? ` (${c.clauses[lang]})` : ''}`);
  }
  return out.join('\n');
}

export function triggersText(review: Review, lang: Language): string {
  const out = [T.triggers[lang], ''];
  for (const t of review.triggers) {
    const level = ESCALATION_LEVEL_LABELS[t.level][lang];
    const act = t.act_within ? durationInWords(t.act_within)[lang] : '-';
    out.push(
      lang === 'zh'
        ? `  - ${t.label.zh} → ${level}，${act}内处理`
        : `  - ${t.label.en} → ${level}, act within ${act}`,
    );
  }
  return out.join('\n');
}

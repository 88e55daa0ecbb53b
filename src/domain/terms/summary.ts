/**
 * The service risk summary a manager can read: the top risks first, then operating cautions
 * (promises not to make until the service path is aligned), then the escalation triggers the
 * terms define or lack, then everything else. Text or HTML, in English or Chinese. Findings are
 * named by their labels, never by their codes (the HTML keeps the code in `data-code` for programs).
 */
import { durationInWords } from '../time/index.ts';
import type { AgreementRef } from './agreement.ts';
import type { CheckReport, Finding, Severity } from './check/index.ts';

export type Lang = 'en' | 'zh';

const L = {
  title: { en: 'Service risk summary', zh: '服务风险摘要' },
  checked: { en: 'Agreements checked', zh: '已检查的协议' },
  counts: { en: 'Findings', zh: '发现问题' },
  top: { en: '1. Top risks', zh: '一、主要风险' },
  topNone: { en: 'No high-severity risk found.', zh: '未发现高风险问题。' },
  cautions: {
    en: '2. Operating cautions: promises not to make to customers until the service path is aligned',
    zh: '二、经营注意事项：在服务链条理顺之前，不要向客户作出的承诺',
  },
  cautionsNone: { en: 'None.', zh: '无。' },
  escalation: { en: '3. Escalation triggers', zh: '三、升级触发条件' },
  defines: { en: 'defines', zh: '已规定' },
  lacks: { en: 'lacks', zh: '缺少' },
  noRules: { en: 'no escalation rules', zh: '无升级规则' },
  others: { en: '4. Other findings', zh: '四、其他问题' },
  fix: { en: 'Fix', zh: '建议' },
  within: { en: 'act within', zh: '处理时限' },
  severity: {
    high: { en: 'HIGH', zh: '高' },
    medium: { en: 'MEDIUM', zh: '中' },
    low: { en: 'LOW', zh: '低' },
  } as Record<Severity, { en: string; zh: string }>,
  levels: {
    supervisor: { en: 'supervisor', zh: '主管' },
    management: { en: 'management', zh: '管理层' },
    legal: { en: 'legal', zh: '法务' },
  } as Record<string, { en: string; zh: string }>,
};

/** An agreement by its title and version (the id stays in the JSON report, for programs). */
function titled(report: CheckReport): (a: AgreementRef) => string {
  const titles = new Map(report.agreements.map((a) => [a.id, a.title]));
  return (a) => `${titles.get(a.id) ?? a.id} v${a.version}`;
}

function refsText(f: Finding, name: (a: AgreementRef) => string): string {
  const byAgreement = f.agreements.map((a) => {
    const refs = f.refs.filter((r) => r.agreement === a.id).map((r) => r.ref);
    return `${name(a)}${refs.length ? ` ${[...new Set(refs)].join(' ')}` : ''}`;
  });
  return byAgreement.join('; ');
}

export function renderText(report: CheckReport, lang: Lang): string {
  const lines: string[] = [];
  const name = titled(report);
  const sev = (s: Severity) => L.severity[s][lang];
  lines.push(L.title[lang], '='.repeat(L.title[lang].length * (lang === 'zh' ? 2 : 1)), '');
  lines.push(`${L.checked[lang]}: ${report.agreements.map(name).join(', ')}`);
  lines.push(
    `${L.counts[lang]}: ${sev('high')} ${report.counts.high}, ${sev('medium')} ${report.counts.medium}, ${sev('low')} ${report.counts.low}`,
    '',
  );
  const finding = (f: Finding) => {
    lines.push(`  [${sev(f.severity)}] ${f.label[lang]} (${refsText(f, name)})`);
    lines.push(`    ${f.message[lang]}`);
    lines.push(`    ${L.fix[lang]}: ${f.fix[lang]}`);
  };
  lines.push(L.top[lang]);
  const high = report.findings.filter((f) => f.severity === 'high');
  if (high.length === 0) lines.push(`  ${L.topNone[lang]}`);
  high.forEach(finding);
  lines.push('', L.cautions[lang]);
  const cautions = report.findings.filter((f) => f.caution);
  if (cautions.length === 0) lines.push(`  ${L.cautionsNone[lang]}`);
  for (const f of cautions) lines.push(`  - ${f.caution![lang]} (${f.label[lang]})`);
  lines.push('', L.escalation[lang]);
  for (const e of report.escalation) {
    if (e.defined.length === 0 && e.lacking.length === 0) continue;
    lines.push(`  ${name(e.agreement)}:`);
    if (e.defined.length === 0) lines.push(`    ${L.noRules[lang]}`);
    for (const d of e.defined) {
      const level = L.levels[d.level]?.[lang] ?? d.level;
      const within = d.act_within ? `, ${L.within[lang]} ${durationInWords(d.act_within)[lang]}` : '';
      lines.push(
        `    ${L.defines[lang]}: ${d.trigger[lang]} → ${level}${within}${d.ref ? ` (${d.ref})` : ''}`,
      );
    }
    if (e.lacking.length > 0)
      lines.push(
        `    ${L.lacks[lang]}: ${e.lacking.map((l) => l.text[lang]).join(lang === 'zh' ? '；' : '; ')}`,
      );
  }
  lines.push('', L.others[lang]);
  report.findings.filter((f) => f.severity !== 'high').forEach(finding);
  return `${lines.join('\n')}\n`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderHtml(report: CheckReport, lang: Lang): string {
  const name = titled(report);
  const sev = (s: Severity) => L.severity[s][lang];
  const card = (f: Finding) =>
    `<li class="finding ${f.severity}" data-code="${esc(f.code)}"><span class="sev">${esc(sev(f.severity))}</span> <b>${esc(f.label[lang])}</b> <span class="refs">${esc(refsText(f, name))}</span><p>${esc(f.message[lang])}</p><p class="fix"><b>${esc(L.fix[lang])}:</b> ${esc(f.fix[lang])}</p></li>`;
  const high = report.findings.filter((f) => f.severity === 'high');
  const cautions = report.findings.filter((f) => f.caution);
  const escalation = report.escalation
    .filter((e) => e.defined.length > 0 || e.lacking.length > 0)
    .map((e) => {
      const defined = e.defined
        .map(
          (d) =>
            `<li>${esc(d.trigger[lang])} → ${esc(L.levels[d.level]?.[lang] ?? d.level)}${d.act_within ? `, ${esc(L.within[lang])} ${esc(durationInWords(d.act_within)[lang])}` : ''}${d.ref ? ` (${esc(d.ref)})` : ''}</li>`,
        )
        .join('');
      const lacking = e.lacking.length
        ? `<p class="lacks"><b>${esc(L.lacks[lang])}:</b> ${esc(e.lacking.map((l) => l.text[lang]).join(lang === 'zh' ? '；' : '; '))}</p>`
        : '';
      return `<section><h3>${esc(name(e.agreement))}</h3>${defined ? `<ul>${defined}</ul>` : `<p>${esc(L.noRules[lang])}</p>`}${lacking}</section>`;
    })
    .join('');
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(L.title[lang])}</title>
<style>
body{font:15px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .counts span{display:inline-block;margin-right:1rem;padding:.1rem .6rem;border-radius:1rem;color:#fff}
.counts .high,.finding.high .sev{background:#b3261e} .counts .medium,.finding.medium .sev{background:#b26a00} .counts .low,.finding.low .sev{background:#5f6368}
ul.findings{list-style:none;padding:0} .finding{border-left:4px solid #ccc;padding:.4rem .8rem;margin:.6rem 0;background:#fafafa}
.finding.high{border-color:#b3261e} .finding.medium{border-color:#b26a00} .sev{color:#fff;padding:0 .4rem;border-radius:.2rem;font-size:.8em}
.refs{color:#555;font-size:.9em} .fix{color:#1b5e20} @media print{.finding{break-inside:avoid}}
</style></head><body>
<h1>${esc(L.title[lang])}</h1>
<p>${esc(L.checked[lang])}: ${esc(report.agreements.map(name).join(', '))}</p>
<p class="counts"><span class="high">${esc(sev('high'))} ${report.counts.high}</span><span class="medium">${esc(sev('medium'))} ${report.counts.medium}</span><span class="low">${esc(sev('low'))} ${report.counts.low}</span></p>
<h2>${esc(L.top[lang])}</h2>
${high.length ? `<ul class="findings">${high.map(card).join('')}</ul>` : `<p>${esc(L.topNone[lang])}</p>`}
<h2>${esc(L.cautions[lang])}</h2>
${cautions.length ? `<ul>${cautions.map((f) => `<li data-code="${esc(f.code)}">${esc(f.caution![lang])} (${esc(f.label[lang])})</li>`).join('')}</ul>` : `<p>${esc(L.cautionsNone[lang])}</p>`}
<h2>${esc(L.escalation[lang])}</h2>
${escalation}
<h2>${esc(L.others[lang])}</h2>
<ul class="findings">${report.findings
    .filter((f) => f.severity !== 'high')
    .map(card)
    .join('')}</ul>
</body></html>
`;
}

import type { HistoryEvent } from './unit-history.ts';

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const KIND: Record<HistoryEvent['kind'], string> = {
  case: 'Case / 服务单',
  return: 'Return / 退货',
  repair: 'Repair / 维修',
  part_change: 'Part change / 更换部件',
  visit: 'Visit / 上门',
  maintenance: 'Maintenance / 保养',
};

function describe(e: HistoryEvent): string {
  switch (e.kind) {
    case 'case':
      return `${e.number} ${e.caseKind} (${e.state}): ${e.description}`;
    case 'return':
      return `${e.number} ${e.reason} (${e.state})${e.disposition ? ` → ${e.disposition}` : ''}`;
    case 'repair':
      return `${e.number} ${e.partCategory ?? '?'} / ${e.cause ?? '?'} (${e.state}${e.result ? `, ${e.result}` : ''})${e.repeatOrdinal && e.repeatOrdinal > 1 ? ` — repeat ${e.repeatOrdinal} / 第 ${e.repeatOrdinal} 次同一故障` : ''}`;
    case 'part_change':
      return `${e.partNumber} (${e.partCategory}): ${e.serialOut ?? '—'} → ${e.serialIn ?? '—'}`;
    case 'visit':
      return `${e.distanceKm} km${e.customerSigned ? ', signed by the customer / 客户已签字' : ''}${e.note ? `: ${e.note}` : ''}`;
    case 'maintenance':
      return e.performedOn;
  }
}

/** The unit's service history as one printable page, in Chinese and English. */
export function unitHistoryPage(history: { unit: { serial: string }; events: HistoryEvent[] }): string {
  const rows = history.events
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.at.toISOString().replace('T', ' ').slice(0, 16))} UTC</td><td>${escapeHtml(KIND[e.kind])}</td><td>${escapeHtml(describe(e))}</td></tr>`,
    )
    .join('\n');
  const serial = escapeHtml(history.unit.serial);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${serial} — service history / 服务履历</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}</style>
</head><body>
<h1>${serial}: service history / 服务履历</h1>
<table><thead><tr><th>When / 时间</th><th>What / 事项</th><th>Details / 详情</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

import type { Statement } from './ledger.ts';
import { formatMinor } from './money.ts';

/** One CSV field (RFC 4180); a leading =, +, - or @ is quoted with ' so spreadsheets do not run it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const STATEMENT_COLUMNS = [
  'date',
  'case',
  'kind',
  'description',
  'bearer',
  'payee',
  'amount',
  'currency',
  'direction',
  'ref',
  'agreement',
  'line_id',
] as const;

/**
 * The statement as CSV, one line per cost line, amounts as exact decimals. `direction` is
 * `bore` (the party paid), `owed` (another party owes it) from the party's side. Headers bilingual.
 */
export function statementCsv(statement: Statement): string {
  const header = [
    '日期 date',
    '服务单 case',
    '类别 kind',
    '说明 description',
    '承担方 bearer',
    '收款方 payee',
    '金额 amount',
    '币种 currency',
    '方向 direction',
    '条款 ref',
    '协议 agreement',
    '行号 line_id',
  ];
  const rows = statement.lines.map((l) => [
    l.occurredOn,
    l.caseNumber ?? '',
    l.kind,
    l.description,
    l.bearer,
    l.payee ?? '',
    formatMinor(l.amountMinor, l.currency),
    l.currency,
    l.bearer === statement.party ? 'bore' : 'owed',
    l.ref ?? '',
    l.agreement ? `${l.agreement.id} v${l.agreement.version}` : '',
    l.id,
  ]);
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

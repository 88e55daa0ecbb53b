import type { Statement } from './ledger.ts';
import { formatMinor } from './money.ts';

/** One CSV field (RFC 4180); a leading =, +, - or @ is quoted with ' so spreadsheets do not run it. */
export function csvField(value: string): string {
  if (value === '') return value;
  const first = value.charCodeAt(0);
  // = + - @ tab CR
  const risky = first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13;
  const safe = risky && !NUMBER.test(value) ? `'${value}` : value;
  for (let i = 0; i < safe.length; i++) {
    const c = safe.charCodeAt(i);
    if (c === 34 || c === 44 || c === 10 || c === 13) return `"${safe.replaceAll('"', '""')}"`;
  }
  return safe;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

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

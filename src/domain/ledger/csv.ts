import type { Statement } from './ledger.ts';
import { formatMinor } from './money.ts';

/** A text a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV field (RFC 4180); a leading =, +, - or @ is quoted with ' so spreadsheets do not run it. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

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

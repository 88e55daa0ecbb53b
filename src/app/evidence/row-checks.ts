import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** A row the API serves that says something else than the entry it rests on. */
export type RowBreak = { kind: 'row_mismatch'; seq: number; table: string; column: string; rowId: string };

const MESSAGE_TYPES = new Set(['case.message_received', 'case.reply_sent', 'case.note_added']);

interface WalkedEntry {
  seq: number;
  entry_type: string;
  subject_id: string;
  payload: string;
}

/** The rows one batch of walked entries is compared with, read ahead of the comparison. */
export interface RowLookups {
  messages: {
    message_id: string;
    evidence_seq: number;
    body: string;
    visibility: string;
    direction: string;
  }[];
  cases: { case_id: string; number: string; kind: string; description: string }[];
  costs: {
    line_id: string;
    kind: string;
    amount_minor: number | string;
    currency: string;
    case_id: string | null;
    bearer_party_id: string;
    payee_party_id: string | null;
    reverses_line_id: string | null;
    evidence_seq: number | string | null;
  }[];
}

/**
 * "What the API shows is what the record says", for one batch of walked entries: each message
 * row (`case_messages`, found by its `evidence_seq`) against the entry that recorded it (body,
 * visibility, direction), and each case row (`cases`) against the entry that opened it (number,
 * kind, description); severity and state are followed through the batch into `cases` (compared
 * after the walk with the last entry that set them). One query per table per batch, by index;
 * and each cost line (`cost_lines`, by key or by the `evidence_seq` naming its entry) against the
 * `cost.lines_written` entry that wrote it (amount, currency, kind, case, who bears and who is
 * paid, what it reverses, which entry): a line the entry lists but the rows do not, or a row
 * naming an entry that does not list it, is a break too.
 */
export async function checkRowsAgainstEntries(
  db: Kysely<Database>,
  tenantId: string,
  entries: readonly WalkedEntry[],
  cases: CaseFollow,
): Promise<{ checked: number; costLines: number; break?: RowBreak }> {
  return compareRows(entries, await lookupRows(db, tenantId, entries), cases);
}

/**
 * The reading half of `checkRowsAgainstEntries`: the queries of one batch, sent together (on one
 * connection they queue behind each other, so the walk can hash the batch while they run).
 * Message rows are read by the batch's `evidence_seq` range (one index range scan) and kept for
 * the message entries only.
 */
export async function lookupRows(
  db: Kysely<Database>,
  tenantId: string,
  entries: readonly WalkedEntry[],
): Promise<RowLookups> {
  const none = Promise.resolve([]);
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const opened: string[] = [];
  const costs: WalkedEntry[] = [];
  for (const e of entries) {
    if (MESSAGE_TYPES.has(e.entry_type)) {
      const seq = Number(e.seq);
      if (seq < first) first = seq;
      if (seq > last) last = seq;
    } else if (e.entry_type === 'case.opened') opened.push(e.subject_id);
    else if (e.entry_type === 'cost.lines_written') costs.push(e);
  }
  const messages =
    last >= first
      ? db
          .selectFrom('case_messages')
          .select(['message_id', 'evidence_seq', 'body', 'visibility', 'direction'])
          .where('tenant_id', '=', tenantId)
          .where('evidence_seq', '>=', first)
          .where('evidence_seq', '<=', last)
          .execute()
      : none;
  const caseRows =
    opened.length > 0
      ? db
          .selectFrom('cases')
          .select(['case_id', 'number', 'kind', 'description'])
          .where('tenant_id', '=', tenantId)
          .where('case_id', 'in', opened)
          .execute()
      : none;
  const lineIds = costs.flatMap((e) => recordedLines(e).map((line) => line.id));
  const costRows =
    costs.length > 0
      ? db
          .selectFrom('cost_lines')
          .select([
            'line_id',
            'kind',
            'amount_minor',
            'currency',
            'case_id',
            'bearer_party_id',
            'payee_party_id',
            'reverses_line_id',
          ])
          .select('evidence_seq')
          .where('tenant_id', '=', tenantId)
          // By key (a line the entry lists) or by entry (a row claiming an entry): both by index.
          .where((eb) =>
            eb.or([
              ...(lineIds.length > 0 ? [eb('line_id', 'in', lineIds)] : []),
              eb(
                'evidence_seq',
                'in',
                costs.map((e) => Number(e.seq)),
              ),
            ]),
          )
          .execute()
      : none;
  // Each is handled here (none left unhandled if an earlier one fails), awaited together.
  const [m, c, l] = await Promise.all([messages, caseRows, costRows]);
  return {
    messages: m as RowLookups['messages'],
    cases: c as RowLookups['cases'],
    costs: l as RowLookups['costs'],
  };
}

function recordedLines(e: WalkedEntry): RecordedCostLine[] {
  return (JSON.parse(e.payload) as { lines: RecordedCostLine[] }).lines;
}

/** The comparing half of `checkRowsAgainstEntries`, on rows read by `lookupRows` for the same entries. */
export function compareRows(
  entries: readonly WalkedEntry[],
  found: RowLookups,
  cases: CaseFollow,
): { checked: number; costLines: number; break?: RowBreak } {
  let checked = 0;
  let costLines = 0;
  const messages = entries.filter((e) => MESSAGE_TYPES.has(e.entry_type));
  if (messages.length > 0 && found.messages.length > 0) {
    const bySeq = new Map(found.messages.map((r) => [Number(r.evidence_seq), r]));
    for (const m of messages) {
      const row = bySeq.get(Number(m.seq));
      if (!row) continue; // a message entry whose row is gone: the dossier still holds the entry
      const p = JSON.parse(m.payload) as { body: string; visibility: string };
      const at = (column: string): RowBreak => ({
        kind: 'row_mismatch',
        seq: Number(m.seq),
        table: 'case_messages',
        column,
        rowId: row.message_id,
      });
      if (row.body !== p.body) return { checked, costLines, break: at('body') };
      if (row.visibility !== p.visibility) return { checked, costLines, break: at('visibility') };
      const direction = m.entry_type === 'case.message_received' ? 'in' : 'out';
      if (row.direction !== direction) return { checked, costLines, break: at('direction') };
      checked++;
    }
  }
  const opened = entries.filter((e) => e.entry_type === 'case.opened');
  for (const e of entries) followCase(cases, e);
  if (opened.length > 0) {
    const byId = new Map(found.cases.map((r) => [r.case_id, r]));
    for (const e of opened) {
      const row = byId.get(e.subject_id);
      if (!row) continue;
      const p = JSON.parse(e.payload) as { number: string; kind: string; description: string };
      const at = (column: string): RowBreak => ({
        kind: 'row_mismatch',
        seq: Number(e.seq),
        table: 'cases',
        column,
        rowId: row.case_id,
      });
      if (row.number !== p.number) return { checked, costLines, break: at('number') };
      if (row.kind !== p.kind) return { checked, costLines, break: at('kind') };
      if (row.description !== p.description) return { checked, costLines, break: at('description') };
      checked++;
    }
  }
  const costs = entries.filter((e) => e.entry_type === 'cost.lines_written');
  if (costs.length > 0) {
    const recorded = costs.flatMap((e) => recordedLines(e).map((line) => ({ seq: Number(e.seq), line })));
    const rows = found.costs;
    const byId = new Map(rows.map((r) => [r.line_id, r]));
    const listed = new Set(recorded.map((r) => r.line.id));
    for (const row of rows) {
      if (row.evidence_seq !== null && !listed.has(row.line_id))
        return {
          checked,
          costLines,
          break: {
            kind: 'row_mismatch',
            seq: Number(row.evidence_seq),
            table: 'cost_lines',
            column: 'evidence_seq',
            rowId: row.line_id,
          },
        };
    }
    for (const { seq, line } of recorded) {
      const row = byId.get(line.id);
      const at = (column: string): RowBreak => ({
        kind: 'row_mismatch',
        seq,
        table: 'cost_lines',
        column,
        rowId: line.id,
      });
      // The ledger is append-only (a correction is a reversing line): a line gone is a break too.
      if (!row) return { checked, costLines, break: at('line_id') };
      const columns: [string, unknown, unknown][] = [
        ['kind', row.kind, line.kind],
        ['amount_minor', Number(row.amount_minor), line.amountMinor],
        ['currency', row.currency, line.currency],
        ['case_id', row.case_id, line.caseId],
        ['bearer_party_id', row.bearer_party_id, line.bearerPartyId],
        ['payee_party_id', row.payee_party_id, line.payeePartyId],
        ['reverses_line_id', row.reverses_line_id, line.reversesLineId],
        ['evidence_seq', row.evidence_seq === null ? null : Number(row.evidence_seq), seq],
      ];
      const changed = columns.find(([, stored, said]) => stored !== said);
      if (changed) return { checked, costLines, break: at(changed[0]) };
      checked++;
      costLines++;
    }
  }
  return { checked, costLines };
}

/** A cost line as its `cost.lines_written` entry states it (app/ledger's `costLineRecord`). */
interface RecordedCostLine {
  id: string;
  kind: string;
  amountMinor: number;
  currency: string;
  caseId: string | null;
  bearerPartyId: string;
  payeePartyId: string | null;
  reversesLineId: string | null;
}

/** Each case's severity and state as the last entry walked set them, by case id. */
export type CaseFollow = Map<
  string,
  { severity?: { seq: number; value: string }; state?: { seq: number; value: string } }
>;

const STAFF_MESSAGES = new Set(['case.reply_sent', 'case.note_added']);

/**
 * Follows one entry into what it says of its case. A case is opened `new`; `case.state_changed`
 * and `case.merged` name the state they moved it to. Before the first reply had an entry of its
 * own (`case.state_changed`, cause `first_reply`), a reply or note from the service side moved a
 * new case to `in_progress` silently: that rule is followed here too, so older logs still verify.
 */
function followCase(cases: CaseFollow, e: WalkedEntry): void {
  const type = e.entry_type;
  if (
    type !== 'case.opened' &&
    type !== 'case.severity_changed' &&
    type !== 'case.state_changed' &&
    type !== 'case.merged' &&
    !STAFF_MESSAGES.has(type)
  )
    return;
  const seq = Number(e.seq);
  const known = cases.get(e.subject_id) ?? {};
  cases.set(e.subject_id, known);
  if (STAFF_MESSAGES.has(type)) {
    if (known.state?.value === 'new') known.state = { seq, value: 'in_progress' };
    return;
  }
  const p = JSON.parse(e.payload) as { severity?: string; to?: string };
  if (type === 'case.opened') {
    known.state = { seq, value: 'new' };
    if (typeof p.severity === 'string') known.severity = { seq, value: p.severity };
  } else if (type === 'case.severity_changed') {
    if (typeof p.to === 'string') known.severity = { seq, value: p.to };
  } else if (typeof p.to === 'string') known.state = { seq, value: p.to };
}

/**
 * After the walk: each case's severity and state as its last entry set them (cases read in pages
 * by key). A case whose opening was before a `--since` head has no state followed until an entry
 * names one; a reply alone then says nothing of it.
 */
export async function checkCaseRows(
  db: Kysely<Database>,
  tenantId: string,
  cases: CaseFollow,
): Promise<{ checked: number; break?: RowBreak }> {
  let checked = 0;
  const ids = [...cases.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('cases')
      .select(['case_id', 'severity', 'state'])
      .where('tenant_id', '=', tenantId)
      .where('case_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const row of rows) {
      const expected = cases.get(row.case_id)!;
      for (const [column, said, stored] of [
        ['severity', expected.severity, row.severity],
        ['state', expected.state, row.state],
      ] as const) {
        if (said && said.value !== stored)
          return {
            checked,
            break: { kind: 'row_mismatch', seq: said.seq, table: 'cases', column, rowId: row.case_id },
          };
      }
      checked++;
    }
  }
  return { checked };
}

/**
 * After a full walk: every cost line that names an entry was met by it. Walking the entries found
 * each line they list and each row naming one of them; a row naming any other entry (or one past
 * the walk) is counted here (one count by index) and, if there is one, named.
 */
export async function checkCostLinesRecorded(
  db: Kysely<Database>,
  tenantId: string,
  lastSeq: number,
  met: number,
): Promise<{ break?: RowBreak }> {
  const { n } = await db
    .selectFrom('cost_lines')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('evidence_seq', 'is not', null)
    // Lines of entries the sequencer has not chained yet are met by a later walk.
    .where('evidence_seq', '<=', lastSeq)
    .executeTakeFirstOrThrow();
  if (Number(n) === met) return {};
  const stray = await db
    .selectFrom('cost_lines as c')
    .leftJoin('timeline_entries as e', (join) =>
      join
        .onRef('e.tenant_id', '=', 'c.tenant_id')
        .onRef('e.seq', '=', 'c.evidence_seq')
        .on('e.entry_type', '=', 'cost.lines_written')
        .on('e.seq', '<=', lastSeq),
    )
    .select(['c.line_id', 'c.evidence_seq'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.evidence_seq', 'is not', null)
    .where('c.evidence_seq', '<=', lastSeq)
    .where('e.seq', 'is', null)
    .orderBy('c.evidence_seq')
    .limit(1)
    .executeTakeFirst();
  return {
    break: {
      kind: 'row_mismatch',
      seq: Number(stray?.evidence_seq ?? lastSeq),
      table: 'cost_lines',
      column: 'evidence_seq',
      rowId: stray?.line_id ?? '',
    },
  };
}

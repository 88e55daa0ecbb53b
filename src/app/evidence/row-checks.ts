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

/**
 * "What the API shows is what the record says", for one batch of walked entries: each message
 * row (`case_messages`, found by its `evidence_seq`) against the entry that recorded it (body,
 * visibility, direction), and each case row (`cases`) against the entry that opened it (number,
 * kind, description) and the last entry that set its severity. One query per table per batch,
 * by index; and each cost line (`cost_lines`, by key) against the `cost.lines_written` entry that
 * wrote it (amount, currency, kind, case, who bears and who is paid, what it reverses). The case's
 * state is not compared: some moves (new → in progress on a first reply) are made without an
 * entry of their own.
 */
export async function checkRowsAgainstEntries(
  db: Kysely<Database>,
  tenantId: string,
  entries: readonly WalkedEntry[],
  severities: Map<string, { seq: number; severity: string }>,
): Promise<{ checked: number; break?: RowBreak }> {
  let checked = 0;
  const messages = entries.filter((e) => MESSAGE_TYPES.has(e.entry_type));
  if (messages.length > 0) {
    const rows = await db
      .selectFrom('case_messages')
      .select(['message_id', 'evidence_seq', 'body', 'visibility', 'direction'])
      .where('tenant_id', '=', tenantId)
      .where(
        'evidence_seq',
        'in',
        messages.map((m) => Number(m.seq)),
      )
      .execute();
    const bySeq = new Map(rows.map((r) => [Number(r.evidence_seq), r]));
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
      if (row.body !== p.body) return { checked, break: at('body') };
      if (row.visibility !== p.visibility) return { checked, break: at('visibility') };
      const direction = m.entry_type === 'case.message_received' ? 'in' : 'out';
      if (row.direction !== direction) return { checked, break: at('direction') };
      checked++;
    }
  }
  const opened = entries.filter((e) => e.entry_type === 'case.opened');
  for (const e of entries) {
    if (e.entry_type === 'case.opened')
      severities.set(e.subject_id, {
        seq: Number(e.seq),
        severity: (JSON.parse(e.payload) as { severity: string }).severity,
      });
    if (e.entry_type === 'case.severity_changed')
      severities.set(e.subject_id, {
        seq: Number(e.seq),
        severity: (JSON.parse(e.payload) as { to: string }).to,
      });
  }
  if (opened.length > 0) {
    const rows = await db
      .selectFrom('cases')
      .select(['case_id', 'number', 'kind', 'description'])
      .where('tenant_id', '=', tenantId)
      .where(
        'case_id',
        'in',
        opened.map((e) => e.subject_id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.case_id, r]));
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
      if (row.number !== p.number) return { checked, break: at('number') };
      if (row.kind !== p.kind) return { checked, break: at('kind') };
      if (row.description !== p.description) return { checked, break: at('description') };
      checked++;
    }
  }
  const costs = entries.filter((e) => e.entry_type === 'cost.lines_written');
  if (costs.length > 0) {
    const recorded = costs.flatMap((e) =>
      (JSON.parse(e.payload) as { lines: RecordedCostLine[] }).lines.map((line) => ({
        seq: Number(e.seq),
        line,
      })),
    );
    const rows = await db
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
      .where('tenant_id', '=', tenantId)
      .where(
        'line_id',
        'in',
        recorded.map((r) => r.line.id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.line_id, r]));
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
      if (!row) return { checked, break: at('line_id') };
      const columns: [string, unknown, unknown][] = [
        ['kind', row.kind, line.kind],
        ['amount_minor', Number(row.amount_minor), line.amountMinor],
        ['currency', row.currency, line.currency],
        ['case_id', row.case_id, line.caseId],
        ['bearer_party_id', row.bearer_party_id, line.bearerPartyId],
        ['payee_party_id', row.payee_party_id, line.payeePartyId],
        ['reverses_line_id', row.reverses_line_id, line.reversesLineId],
      ];
      const changed = columns.find(([, stored, said]) => stored !== said);
      if (changed) return { checked, break: at(changed[0]) };
      checked++;
    }
  }
  return { checked };
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

/** After the walk: each case's severity as its last entry set it (cases read in pages by key). */
export async function checkCaseSeverities(
  db: Kysely<Database>,
  tenantId: string,
  severities: Map<string, { seq: number; severity: string }>,
): Promise<{ checked: number; break?: RowBreak }> {
  let checked = 0;
  const ids = [...severities.keys()];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('cases')
      .select(['case_id', 'severity'])
      .where('tenant_id', '=', tenantId)
      .where('case_id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const row of rows) {
      const expected = severities.get(row.case_id)!;
      if (row.severity !== expected.severity)
        return {
          checked,
          break: {
            kind: 'row_mismatch',
            seq: expected.seq,
            table: 'cases',
            column: 'severity',
            rowId: row.case_id,
          },
        };
      checked++;
    }
  }
  return { checked };
}

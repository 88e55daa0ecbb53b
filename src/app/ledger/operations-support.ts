import type { Kysely, UpdateResult } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { CostKind } from '../../domain/ledger/index.ts';
import type { Database } from '../../store/schema.ts';
import { weighCaseTriggers } from '../case/index.ts';
import { AppError } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { partyByKey } from '../party/index.ts';
import type { Tx } from '../transaction.ts';

/** The brand's own staff (the tenant's home party), as opposed to customers, partners, suppliers. */
export function isStaff(actor: Actor): boolean {
  return readsBrandInternals(actor);
}

/** The next number of a kind for the tenant (R-000001, RO-000001, ...), without gaps, in the caller's transaction. */
export async function nextNumber(
  trx: Kysely<Database>,
  tenantId: string,
  kind: string,
  prefix: string,
): Promise<string> {
  const row = await trx
    .insertInto('document_counters')
    .values({ tenant_id: tenantId, kind, last: 1 })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kind']).doUpdateSet((eb) => ({ last: eb('document_counters.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${prefix}-${String(row.last).padStart(6, '0')}`;
}

export async function partyIdByKey(
  db: Kysely<Database>,
  tenantId: string,
  key: string,
  path: string,
): Promise<string> {
  return (await partyByKey(db, tenantId, key, path)).party_id;
}

export async function partyKeys(
  db: Kysely<Database>,
  tenantId: string,
  ids: readonly (string | null)[],
): Promise<Map<string, { key: string; name: string }>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.party_id, { key: r.key, name: r.name }]));
}

export interface NewCostLine {
  kind: CostKind;
  amountMinor: number;
  currency: string;
  caseId: string | null;
  source: { type: string; id: string | null };
  bearerPartyId: string;
  payeePartyId: string | null;
  ref: string | null;
  agreement: { id: string; version: number } | null;
  description: string;
  occurredOn: string;
  reversesLineId?: string | null;
}

/**
 * Appends cost lines in the caller's transaction and records them on the evidence record (one
 * `cost.lines_written` entry naming each line's amount, kind and parties, so verification shows a
 * line edited afterwards; each line names that entry in `evidence_seq`); returns their ids. Zero
 * amounts are not written.
 */
export async function writeCostLines(
  deps: { newId: () => string; now: () => Date },
  trx: Tx,
  author: ChangeAuthor,
  lines: readonly NewCostLine[],
): Promise<string[]> {
  const tenantId = author.tenantId;
  const rows = lines
    .filter((l) => l.amountMinor !== 0)
    .map((l) => {
      if (!Number.isSafeInteger(l.amountMinor)) throw new Error(`inexact amount ${l.amountMinor}`);
      return {
        tenant_id: tenantId,
        line_id: deps.newId(),
        kind: l.kind,
        amount_minor: l.amountMinor,
        currency: l.currency,
        case_id: l.caseId,
        source_type: l.source.type,
        source_id: l.source.id,
        bearer_party_id: l.bearerPartyId,
        payee_party_id: l.payeePartyId === l.bearerPartyId ? null : l.payeePartyId,
        ref: l.ref,
        agreement_id: l.agreement?.id ?? null,
        agreement_version: l.agreement?.version ?? null,
        description: l.description,
        occurred_on: l.occurredOn,
        reverses_line_id: l.reversesLineId ?? null,
        created_at: deps.now(),
      };
    });
  if (rows.length === 0) return [];
  const cases = new Set(rows.map((r) => r.case_id));
  const [caseId] = cases;
  const entry = await recordChange(deps, trx, author, {
    type: 'cost.lines_written',
    subject: cases.size === 1 && caseId ? { type: 'case', id: caseId } : { type: 'tenant', id: tenantId },
    payload: { lines: rows.map(costLineRecord) },
  });
  // Each row names its entry, so verification finds a line that entry does not list (migration 0043).
  await trx
    .insertInto('cost_lines')
    .values(rows.map((r) => ({ ...r, evidence_seq: entry.seq })))
    .execute();
  // A case's cost over the terms' threshold is a management trigger (claim cost), weighed as it grows.
  for (const id of cases) if (id) await weighCaseTriggers(deps, trx, author, { caseId: id });
  return rows.map((r) => r.line_id);
}

/** What the evidence record says of a cost line: what a statement adds up, and who owes whom. */
export function costLineRecord(row: {
  line_id: string;
  kind: string;
  amount_minor: number;
  currency: string;
  case_id: string | null;
  bearer_party_id: string;
  payee_party_id: string | null;
  reverses_line_id: string | null;
}) {
  return {
    id: row.line_id,
    kind: row.kind,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    caseId: row.case_id,
    bearerPartyId: row.bearer_party_id,
    payeePartyId: row.payee_party_id,
    reversesLineId: row.reverses_line_id,
  };
}

/** Reverses every live line of a source (for a claim decided again): a negative line per line. */
export async function reverseCostLines(
  deps: { newId: () => string; now: () => Date },
  trx: Tx,
  author: ChangeAuthor,
  source: { type: string; id: string },
  occurredOn: string,
): Promise<void> {
  const tenantId = author.tenantId;
  const lines = await trx
    .selectFrom('cost_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('source_type', '=', source.type)
    .where('source_id', '=', source.id)
    .execute();
  const reversed = new Set(lines.map((l) => l.reverses_line_id).filter((x) => x !== null));
  const live = lines.filter((l) => l.reverses_line_id === null && !reversed.has(l.line_id));
  await writeCostLines(
    deps,
    trx,
    author,
    live.map((l) => ({
      kind: l.kind,
      amountMinor: -l.amount_minor,
      currency: l.currency,
      caseId: l.case_id,
      source,
      bearerPartyId: l.bearer_party_id,
      payeePartyId: l.payee_party_id,
      ref: l.ref,
      agreement: l.agreement_id ? { id: l.agreement_id, version: l.agreement_version! } : null,
      description: `Reversal: ${l.description}`,
      occurredOn,
      reversesLineId: l.line_id,
    })),
  );
}

/**
 * For an UPDATE guarded by the state the record was read in: no row changed means another request
 * moved it first (the row lock makes the second wait and re-check), so this one changes nothing.
 */
export function changedOnce(results: readonly UpdateResult[]): void {
  const changed = results.reduce((n, r) => n + r.numUpdatedRows, 0n);
  if (changed === 0n) {
    throw new AppError('changed_meanwhile', {
      detail: {
        en: 'Someone changed this record meanwhile: reload it and try again.',
        zh: '该记录已被他人修改：请刷新后重试。',
      },
    });
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { CostLine } from '../../domain/ledger/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { Database } from '../../store/schema.ts';
import type { CostLineTable } from '../../store/schema-operations.ts';
import { isStaff, partyKeys } from './operations-support.ts';

export interface CostLineView {
  id: string;
  kind: string;
  amountMinor: number;
  /** The amount as exact decimal text. */
  amount: string;
  currency: string;
  case: { id: string; number: string } | null;
  source: { type: string; id: string | null };
  bearer: { id: string; key: string; name: string };
  payee: { id: string; key: string; name: string } | null;
  ref: string | null;
  agreement: { id: string; version: number } | null;
  description: string;
  occurredOn: string;
  reversesLineId: string | null;
  createdAt: Date;
}

/** Lines the actor may see: staff every line; any other party the lines it bears or is paid. */
export function visibleCostLines(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('cost_lines').where('cost_lines.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) {
    q = q.where((eb) =>
      eb.or([
        eb('cost_lines.bearer_party_id', '=', actor.partyId),
        eb('cost_lines.payee_party_id', '=', actor.partyId),
      ]),
    );
  }
  return q;
}

export async function toCostLineViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: Selectable<CostLineTable>[],
): Promise<CostLineView[]> {
  const parties = await partyKeys(
    db,
    tenantId,
    rows.flatMap((r) => [r.bearer_party_id, r.payee_party_id]),
  );
  const caseIds = [...new Set(rows.map((r) => r.case_id).filter((c): c is string => c !== null))];
  const cases =
    caseIds.length === 0
      ? []
      : await db
          .selectFrom('cases')
          .select(['case_id', 'number'])
          .where('tenant_id', '=', tenantId)
          .where('case_id', 'in', caseIds)
          .execute();
  const caseNumber = new Map(cases.map((c) => [c.case_id, c.number]));
  const ref = (id: string) => ({ id, ...(parties.get(id) ?? { key: '?', name: '?' }) });
  return rows.map((r) => ({
    id: r.line_id,
    kind: r.kind,
    amountMinor: r.amount_minor,
    amount: formatMinor(r.amount_minor, r.currency),
    currency: r.currency,
    case: r.case_id ? { id: r.case_id, number: caseNumber.get(r.case_id) ?? '' } : null,
    source: { type: r.source_type, id: r.source_id },
    bearer: ref(r.bearer_party_id),
    payee: r.payee_party_id ? ref(r.payee_party_id) : null,
    ref: r.ref,
    agreement: r.agreement_id ? { id: r.agreement_id, version: r.agreement_version ?? 0 } : null,
    description: r.description,
    occurredOn: r.occurred_on,
    reversesLineId: r.reverses_line_id,
    createdAt: r.created_at,
  }));
}

/** The domain's line (party keys) from a view. */
export function toDomainLine(v: CostLineView): CostLine {
  return {
    id: v.id,
    kind: v.kind as CostLine['kind'],
    amountMinor: v.amountMinor,
    currency: v.currency,
    caseNumber: v.case?.number ?? null,
    source: v.source,
    bearer: v.bearer.key,
    payee: v.payee?.key ?? null,
    ref: v.ref,
    agreement: v.agreement,
    description: v.description,
    occurredOn: v.occurredOn,
  };
}

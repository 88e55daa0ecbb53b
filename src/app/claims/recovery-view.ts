import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { Database } from '../../store/schema.ts';
import type { RecoveryClaimTable } from '../../store/schema-operations.ts';
import { AppError, notFound } from '../errors.ts';
import { isStaff, partyKeys } from '../ledger/index.ts';

export const RECOVERY_NOT_FOUND = { en: 'No such supplier recovery claim.', zh: '没有该供应商追偿单。' };

export interface RecoveryView {
  id: string;
  number: string;
  caseId: string;
  repairId: string;
  supplier: { key: string; name: string };
  agreement: { id: string; version: number };
  cites: string[];
  partNumber: string | null;
  serial: string | null;
  amountMinor: number;
  amount: string;
  currency: string;
  reportBy: string | null;
  evidence: unknown;
  state: string;
  creditedMinor: number | null;
  reference: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Recovery from suppliers is the brand's business: staff only. */
export async function loadRecovery(db: Kysely<Database>, actor: Actor, recoveryId: string) {
  if (!isStaff(actor)) throw new AppError('forbidden');
  const row = await db
    .selectFrom('recovery_claims')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('recovery_id', '=', recoveryId)
    .executeTakeFirst();
  if (!row) throw notFound(RECOVERY_NOT_FOUND);
  return row;
}

export async function toRecoveryViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: Selectable<RecoveryClaimTable>[],
): Promise<RecoveryView[]> {
  const parties = await partyKeys(
    db,
    tenantId,
    rows.map((r) => r.supplier_party_id),
  );
  return rows.map((r) => ({
    id: r.recovery_id,
    number: r.number,
    caseId: r.case_id,
    repairId: r.repair_id,
    supplier: parties.get(r.supplier_party_id) ?? { key: '?', name: '?' },
    agreement: { id: r.agreement_id, version: r.agreement_version },
    cites: r.cites,
    partNumber: r.part_number,
    serial: r.serial,
    amountMinor: r.amount_minor,
    amount: formatMinor(r.amount_minor, r.currency),
    currency: r.currency,
    reportBy: r.report_by,
    evidence: r.evidence,
    state: r.state,
    creditedMinor: r.credited_minor,
    reference: r.reference,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function listRecoveries(
  db: Kysely<Database>,
  actor: Actor,
  filter: { caseId?: string | undefined },
): Promise<{ items: RecoveryView[] }> {
  if (!isStaff(actor)) throw new AppError('forbidden');
  let q = db.selectFrom('recovery_claims').selectAll().where('tenant_id', '=', actor.tenantId);
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
  return {
    items: await toRecoveryViews(db, actor.tenantId, await q.orderBy('created_at', 'desc').execute()),
  };
}

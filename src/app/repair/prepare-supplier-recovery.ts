import type { RecoveryDecision } from '../../domain/terms/index.ts';
import type { AppDeps } from '../context.ts';
import { nextNumber } from '../ledger/index.ts';
import type { Tx } from '../transaction.ts';

/** The failed part as the completion found it: what a recovery claim asks the supplier to make good. */
export interface RecoverablePart {
  amountMinor: number;
  currency: string;
  partNumber: string;
  serial: string | null;
  defectiveId: string | null;
}

/**
 * Where the supplier's agreement covers the failed part, a recovery claim is prepared at the
 * repair's completion (SR-000001, state `prepared`), citing the supply agreement and holding the
 * evidence the supplier will ask for. Gives its number.
 */
export async function prepareSupplierRecovery(
  deps: Pick<AppDeps, 'newId'>,
  trx: Tx,
  tenantId: string,
  repair: {
    repair_id: string;
    case_id: string;
    number: string;
    part_category: string | null;
    cause: string | null;
  },
  recovery: RecoveryDecision,
  supplierId: string,
  part: RecoverablePart,
  now: Date,
): Promise<string> {
  const number = await nextNumber(trx, tenantId, 'recovery', 'SR');
  await trx
    .insertInto('recovery_claims')
    .values({
      tenant_id: tenantId,
      recovery_id: deps.newId(),
      number,
      case_id: repair.case_id,
      repair_id: repair.repair_id,
      supplier_party_id: supplierId,
      agreement_id: recovery.agreement.id,
      agreement_version: recovery.agreement.version,
      cites: recovery.cites,
      part_number: part.partNumber,
      serial: part.serial,
      amount_minor: part.amountMinor,
      currency: part.currency,
      report_by: recovery.report_by,
      evidence: JSON.stringify({
        repair: repair.number,
        diagnosis: { partCategory: repair.part_category, cause: repair.cause },
        failedPartSerial: part.serial,
        defectiveReturn: part.defectiveId,
        coverUntil: recovery.until,
      }),
      state: 'prepared',
      credited_minor: null,
      reference: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return number;
}

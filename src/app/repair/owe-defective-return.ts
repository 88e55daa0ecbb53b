import type { Agreement } from '../../domain/terms/index.ts';
import { endOfDayIn } from '../../domain/terms/index.ts';
import { addToDate, duration } from '../../domain/time/index.ts';
import type { AppDeps } from '../context.ts';
import { startDeadlineClock } from '../deadlines/index.ts';
import type { Tx } from '../transaction.ts';

export interface OwedDefectiveReturn {
  id: string;
  partNumber: string;
  serial: string | null;
  dueOn: string;
  ref: string | null;
}

/**
 * A part taken from a partner's stock for a covered repair is owed back to its owner, by the
 * partner agreement's deadline (`spare_parts.defective_returns.within` from the completion day):
 * a defective return, and a deadline clock that runs to the end of the due day in the terms' zone.
 */
export async function oweDefectiveReturn(
  deps: AppDeps,
  trx: Tx,
  owed: {
    tenantId: string;
    repair: { repair_id: string; case_id: string };
    partner: Agreement;
    within: string;
    today: string;
    zone: string;
    now: Date;
    partNumber: string;
    serial: string | null;
    holder: { holder_party_id: string };
    home: { location_id: string } | undefined;
  },
): Promise<OwedDefectiveReturn> {
  const id = deps.newId();
  const spareParts = owed.partner.spare_parts;
  const row = {
    tenant_id: owed.tenantId,
    defective_id: id,
    repair_id: owed.repair.repair_id,
    case_id: owed.repair.case_id,
    part_number: owed.partNumber,
    serial: owed.serial,
    holder_party_id: owed.holder.holder_party_id,
    to_location_id: owed.home?.location_id ?? null,
    due_on: addToDate(owed.today, duration(owed.within)),
    agreement_id: owed.partner.id,
    ref: spareParts?.defective_returns?.ref ?? spareParts?.ref ?? null,
    state: 'pending' as const,
    carrier: null,
    waybill: null,
    shipped_at: null,
    received_at: null,
    created_at: owed.now,
  };
  await trx.insertInto('defective_returns').values(row).execute();
  // The deadline is a clock: the partner holding the part must ship it by the end of the due day.
  await startDeadlineClock(deps, trx, owed.tenantId, {
    kind: 'defective_return',
    subjectId: id,
    caseId: owed.repair.case_id,
    label: owed.partNumber,
    partyId: row.holder_party_id,
    agreementId: row.agreement_id,
    ref: row.ref,
    startedAt: owed.now,
    dueAt: endOfDayIn(row.due_on, owed.zone),
  });
  return { id, partNumber: row.part_number, serial: row.serial, dueOn: row.due_on, ref: row.ref };
}

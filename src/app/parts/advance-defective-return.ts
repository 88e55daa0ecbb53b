import type { Actor } from '../../domain/access/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { stopDeadlineClock } from '../deadlines/index.ts';
import { AppError } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce, isStaff } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import {
  type DefectiveReturnView,
  loadVisibleDefectiveReturn,
  toDefectiveViews,
} from './defective-returns.ts';

/** The partner ships the defective part back (carrier, waybill); the brand receives it. Timeliness is recorded. */
export async function advanceDefectiveReturn(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: { step: 'shipped'; carrier: string; waybill: string } | { step: 'received' },
): Promise<DefectiveReturnView> {
  const row = await loadVisibleDefectiveReturn(deps.db, actor, id);
  if (input.step === 'received') requireStaffWriter(actor);
  else if (!isStaff(actor) && !['partner', 'technician'].includes(actor.role))
    throw new AppError('forbidden');
  if (actor.role === 'counsel') throw new AppError('forbidden');
  const allowed = input.step === 'shipped' ? row.state === 'pending' : row.state !== 'received';
  if (!allowed)
    throw new AppError('invalid_transition', {
      detail: { en: `The part return is ${row.state}.`, zh: '故障件返还状态不允许该操作。' },
    });
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('defective_returns')
      .set(
        input.step === 'shipped'
          ? { state: 'shipped', carrier: input.carrier, waybill: input.waybill, shipped_at: now }
          : { state: 'received', received_at: now },
      )
      .where('tenant_id', '=', actor.tenantId)
      .where('defective_id', '=', id)
      .where('state', '=', row.state)
      .execute()
      .then(changedOnce);
    await recordChange(deps, trx, actor, {
      type: `defective_part.${input.step}`,
      subject: { type: 'case', id: row.case_id },
      payload: {
        defectiveReturn: id,
        partNumber: row.part_number,
        serial: row.serial,
        dueOn: row.due_on,
        ref: row.ref,
        ...input,
      },
    });
    // Handing the part over (shipped, or received without a shipment recorded) stops its clock.
    await stopDeadlineClock(deps, trx, actor, { kind: 'defective_return', subjectId: id, by: input.step });
  });
  const updated = await loadVisibleDefectiveReturn(deps.db, actor, id);
  return (await toDefectiveViews(deps.db, actor.tenantId, [updated], now))[0]!;
}

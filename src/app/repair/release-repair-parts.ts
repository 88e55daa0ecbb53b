import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { changedOnce } from '../ledger/index.ts';
import { inTransaction } from '../transaction.ts';
import { loadOpenRepairToChange, type RepairView, releaseRepairLine, toRepairView } from './repair-view.ts';

/**
 * Gives reserved parts back to their location: one line (`lineId`), or, when the repair is
 * cancelled, every reserved line and the repair with them.
 */
export async function releaseRepairParts(
  deps: AppDeps,
  actor: Actor,
  repairId: string,
  input: { lineId?: string | undefined; cancel?: boolean | undefined; reason?: string | undefined },
): Promise<RepairView> {
  const r = await loadOpenRepairToChange(deps.db, actor, repairId);
  if (!input.lineId && !input.cancel)
    throw invalid([{ path: '/body', message: 'name a lineId, or cancel the repair' }]);
  const t = actor.tenantId;
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    await trx
      .updateTable('repairs')
      .set(
        input.cancel
          ? { state: 'cancelled', result_note: input.reason ?? null, updated_at: now }
          : { updated_at: now },
      )
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repairId)
      .where('state', '=', 'open')
      .execute()
      .then(changedOnce);
    let q = trx
      .selectFrom('repair_parts')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('repair_id', '=', repairId)
      .where('state', '=', 'reserved');
    if (input.lineId && !input.cancel) q = q.where('line_id', '=', input.lineId);
    const lines = await q.execute();
    if (input.lineId && !input.cancel && lines.length === 0) {
      throw invalid([{ path: '/body/lineId', message: 'not a reserved line of this repair' }]);
    }
    for (const line of lines) {
      await releaseRepairLine(trx, t, line, now);
    }
    await recordChange(deps, trx, actor, {
      type: input.cancel ? 'repair.cancelled' : 'repair.part_released',
      subject: { type: 'case', id: r.case_id },
      payload: {
        repair: r.number,
        released: lines.map((l) => ({ line: l.line_id, partNumber: l.part_number, quantity: l.quantity })),
        reason: input.reason ?? null,
      },
    });
  });
  return toRepairView(deps.db, actor, repairId);
}

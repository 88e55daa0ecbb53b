import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { type ReorderSuggestion, suggestReorder } from '../../domain/parts/index.ts';
import type { AppDeps } from '../context.ts';
import { requireStaffReader } from './parts-duty.ts';

export const REORDER_WINDOW_DAYS = 90;

/**
 * Reorder suggestions from use over the last 90 days, across every location: parts whose available
 * stock is at or below the use over their lead time plus 14 safety days, to be brought up to that
 * plus 30 days of use. Staff only (the brand buys).
 */
export async function reorderSuggestions(
  deps: AppDeps,
  actor: Actor,
): Promise<{
  windowDays: number;
  since: string;
  items: (ReorderSuggestion & {
    usedInWindow: number;
    leadTimeDays: number;
    onHand: number;
    reserved: number;
  })[];
}> {
  requireStaffReader(actor);
  const since = new Date(deps.now().getTime() - REORDER_WINDOW_DAYS * 86_400_000);
  const parts = await deps.db
    .selectFrom('spare_parts')
    .select(['part_number', 'lead_time_days'])
    .where('tenant_id', '=', actor.tenantId)
    .execute();
  const used = await deps.db
    .selectFrom('stock_movements')
    .select(['part_number', sql<number>`coalesce(sum(-quantity), 0)::int`.as('used')])
    .where('tenant_id', '=', actor.tenantId)
    .where('kind', '=', 'consumption')
    .where('occurred_at', '>=', since)
    .groupBy('part_number')
    .execute();
  const stock = await deps.db
    .selectFrom('stock_levels')
    .select([
      'part_number',
      sql<number>`sum(on_hand)::int`.as('on_hand'),
      sql<number>`sum(reserved)::int`.as('reserved'),
    ])
    .where('tenant_id', '=', actor.tenantId)
    .groupBy('part_number')
    .execute();
  const items = parts.map((p) => {
    const u = used.find((x) => x.part_number === p.part_number)?.used ?? 0;
    const s = stock.find((x) => x.part_number === p.part_number);
    const input = {
      partNumber: p.part_number,
      usedInWindow: Number(u),
      windowDays: REORDER_WINDOW_DAYS,
      onHand: Number(s?.on_hand ?? 0),
      reserved: Number(s?.reserved ?? 0),
      leadTimeDays: p.lead_time_days,
    };
    return {
      ...suggestReorder(input),
      usedInWindow: input.usedInWindow,
      leadTimeDays: input.leadTimeDays,
      onHand: input.onHand,
      reserved: input.reserved,
    };
  });
  items.sort((a, b) => b.suggestedQuantity - a.suggestedQuantity || a.partNumber.localeCompare(b.partNumber));
  return { windowDays: REORDER_WINDOW_DAYS, since: since.toISOString(), items };
}

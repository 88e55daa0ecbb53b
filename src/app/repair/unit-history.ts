import { type Actor, readsBrandInternals } from '../../domain/access/index.ts';
import { visibleCases } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { visibleReturns } from '../returns/index.ts';
import { loadVisibleUnit } from '../unit/index.ts';
import { visibleRepairs } from './repair-view.ts';

export type HistoryEvent =
  | {
      at: Date;
      kind: 'case';
      caseId: string;
      number: string;
      caseKind: string;
      state: string;
      description: string;
    }
  | {
      at: Date;
      kind: 'return';
      returnId: string;
      number: string;
      caseId: string;
      state: string;
      reason: string;
      disposition: string | null;
    }
  | {
      at: Date;
      kind: 'repair';
      repairId: string;
      number: string;
      caseId: string;
      state: string;
      partCategory: string | null;
      cause: string | null;
      result: string | null;
      completedAt: Date | null;
      repeatOrdinal: number | null;
    }
  | {
      at: Date;
      kind: 'part_change';
      repairId: string;
      partCategory: string;
      partNumber: string;
      serialOut: string | null;
      serialIn: string | null;
    }
  | {
      at: Date;
      kind: 'visit';
      repairId: string;
      distanceKm: number;
      customerSigned: boolean;
      leftAt: Date | null;
      note: string | null;
    }
  | { at: Date; kind: 'maintenance'; performedOn: string };

/**
 * The unit's service history on one page: every case, return, repair, part change, visit and
 * maintenance, oldest first. What the actor sees of it follows what it may see of each record.
 */
export async function unitHistory(
  deps: AppDeps,
  actor: Actor,
  unitId: string,
): Promise<{ unit: { id: string; serial: string }; events: HistoryEvent[] }> {
  const unit = await loadVisibleUnit(deps.db, actor, unitId);
  const t = actor.tenantId;
  const [cases, returns, repairs, maintenance] = await Promise.all([
    visibleCases(deps.db, actor).selectAll('cases').where('cases.unit_id', '=', unitId).execute(),
    visibleReturns(deps.db, actor).selectAll('returns').where('returns.unit_id', '=', unitId).execute(),
    visibleRepairs(deps.db, actor).selectAll('repairs').where('repairs.unit_id', '=', unitId).execute(),
    deps.db
      .selectFrom('unit_maintenance')
      .select('performed_on')
      .where('tenant_id', '=', t)
      .where('unit_id', '=', unitId)
      .execute(),
  ]);
  const repairIds = repairs.map((r) => r.repair_id);
  const [changes, visits] =
    repairIds.length === 0
      ? [[], []]
      : await Promise.all([
          deps.db
            .selectFrom('unit_part_changes')
            .selectAll()
            .where('tenant_id', '=', t)
            .where('repair_id', 'in', repairIds)
            .execute(),
          deps.db
            .selectFrom('repair_visits')
            .selectAll()
            .where('tenant_id', '=', t)
            .where('repair_id', 'in', repairIds)
            .execute(),
        ]);
  const events: HistoryEvent[] = [
    ...cases.map((c) => ({
      at: c.opened_at,
      kind: 'case' as const,
      caseId: c.case_id,
      // Customers and partners know a case by its public reference, never the sequential number.
      number: readsBrandInternals(actor) ? c.number : c.public_ref,
      caseKind: c.kind,
      state: c.state,
      description: c.description,
    })),
    ...returns.map((r) => ({
      at: r.requested_at,
      kind: 'return' as const,
      returnId: r.return_id,
      number: r.number,
      caseId: r.case_id,
      state: r.state,
      reason: r.reason,
      disposition: r.disposition,
    })),
    ...repairs.map((r) => ({
      at: r.opened_at,
      kind: 'repair' as const,
      repairId: r.repair_id,
      number: r.number,
      caseId: r.case_id,
      state: r.state,
      partCategory: r.part_category,
      cause: r.cause,
      result: r.result,
      completedAt: r.completed_at,
      repeatOrdinal: (r.repeat as { ordinal?: number } | null)?.ordinal ?? null,
    })),
    ...changes.map((c) => ({
      at: c.changed_at,
      kind: 'part_change' as const,
      repairId: c.repair_id,
      partCategory: c.part_category,
      partNumber: c.part_number,
      serialOut: c.serial_out,
      serialIn: c.serial_in,
    })),
    ...visits.map((v) => ({
      at: v.arrived_at,
      kind: 'visit' as const,
      repairId: v.repair_id,
      distanceKm: v.distance_km,
      customerSigned: v.customer_signed,
      leftAt: v.left_at,
      note: v.note,
    })),
    ...maintenance.map((m) => ({
      at: new Date(`${m.performed_on}T00:00:00+08:00`),
      kind: 'maintenance' as const,
      performedOn: m.performed_on,
    })),
  ];
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind));
  return { unit: { id: unit.unit_id, serial: unit.serial }, events };
}

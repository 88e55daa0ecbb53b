import type { Kysely } from 'kysely';
import { type Actor, readsBrandInternals } from '../../domain/access/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { RepeatFinding } from '../../domain/repair/index.ts';
import type { Database } from '../../store/schema.ts';
import { decisionForReaders, visibleCases } from '../case/index.ts';
import { AppError, notFound } from '../errors.ts';
import { isStaff, partyKeys } from '../ledger/index.ts';
import { releaseStock } from '../parts/index.ts';

export const REPAIR_NOT_FOUND = { en: 'No such repair order.', zh: '没有该维修单。' };

export function visibleRepairs(db: Kysely<Database>, actor: Actor) {
  const cases = visibleCases(db, actor).select('cases.case_id');
  return db
    .selectFrom('repairs')
    .where('repairs.tenant_id', '=', actor.tenantId)
    .where('repairs.case_id', 'in', cases);
}

export async function loadVisibleRepair(db: Kysely<Database>, actor: Actor, repairId: string) {
  const row = await visibleRepairs(db, actor)
    .selectAll('repairs')
    .where('repairs.repair_id', '=', repairId)
    .executeTakeFirst();
  if (!row) throw notFound(REPAIR_NOT_FOUND);
  return row;
}

/** Staff writers, or the partner's people the case is assigned to. */
export function requireRepairWriter(actor: Actor, servicePartyId: string | null): void {
  if (actor.role === 'counsel' || actor.role === 'customer') throw new AppError('forbidden');
  if (isStaff(actor)) return;
  if (servicePartyId !== actor.partyId || !['partner', 'technician'].includes(actor.role))
    throw new AppError('forbidden');
}

/** The repair, for a change: visible to the actor, the actor may work on it, and it is still open. */
export async function loadOpenRepairToChange(db: Kysely<Database>, actor: Actor, repairId: string) {
  const r = await loadVisibleRepair(db, actor, repairId);
  requireRepairWriter(actor, r.service_party_id);
  requireOpen(r);
  return r;
}

/** Gives one reserved line's units back to its location and marks the line released, in the caller's transaction. */
export async function releaseRepairLine(
  trx: Kysely<Database>,
  tenantId: string,
  line: { repair_id: string; line_id: string; location_id: string; part_number: string; quantity: number },
  now: Date,
): Promise<void> {
  await releaseStock(
    trx,
    { tenantId, locationId: line.location_id, partNumber: line.part_number },
    line.quantity,
  );
  await trx
    .updateTable('repair_parts')
    .set({ state: 'released', settled_at: now })
    .where('tenant_id', '=', tenantId)
    .where('repair_id', '=', line.repair_id)
    .where('line_id', '=', line.line_id)
    .execute();
}

function requireOpen(row: { state: string; number: string }): void {
  if (row.state !== 'open') {
    throw new AppError('invalid_transition', {
      detail: {
        en: `Repair ${row.number} is ${row.state}.`,
        zh: `维修单 ${row.number} 已${row.state === 'completed' ? '完成' : '取消'}。`,
      },
    });
  }
}

export interface RepairView {
  id: string;
  number: string;
  caseId: string;
  unit: { id: string; serial: string; model: string };
  servicePartner: { key: string; name: string } | null;
  state: string;
  diagnosis: { partCategory: string; cause: string } | null;
  decision: unknown;
  repeat: RepeatFinding | null;
  parts: {
    lineId: string;
    partNumber: string;
    quantity: number;
    location: string;
    state: string;
    serialOut: string | null;
    serialIn: string | null;
    /** The brand's staff only: what a part cost is between the brand and its suppliers. */
    unitCostMinor?: number;
    unitCost?: string;
    currency?: string;
  }[];
  labor: { lineId: string; operation: string; standardMinutes: number | null; actualMinutes: number }[];
  visits: {
    id: string;
    arrivedAt: Date;
    leftAt: Date | null;
    distanceKm: number;
    customerSigned: boolean;
    note: string | null;
  }[];
  result: string | null;
  resultNote: string | null;
  openedAt: Date;
  completedAt: Date | null;
}

/** What was done on a repair: its parts lines (every state), labor lines and visits, in the order they happened. */
export async function loadRepairWork(db: Kysely<Database>, tenantId: string, repairId: string) {
  const [parts, labor, visits] = await Promise.all([
    db
      .selectFrom('repair_parts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('repair_id', '=', repairId)
      .orderBy('reserved_at')
      .orderBy('line_id')
      .execute(),
    db
      .selectFrom('repair_labor')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('repair_id', '=', repairId)
      .orderBy('line_id')
      .execute(),
    db
      .selectFrom('repair_visits')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('repair_id', '=', repairId)
      .orderBy('arrived_at')
      .execute(),
  ]);
  return { parts, labor, visits };
}

export async function toRepairView(
  db: Kysely<Database>,
  actor: Actor,
  repairId: string,
): Promise<RepairView> {
  const r = await loadVisibleRepair(db, actor, repairId);
  const t = actor.tenantId;
  const [unit, { parts, labor, visits }, locations] = await Promise.all([
    db
      .selectFrom('units')
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .select(['units.unit_id', 'units.serial', 'products.model'])
      .where('units.tenant_id', '=', t)
      .where('units.unit_id', '=', r.unit_id)
      .executeTakeFirstOrThrow(),
    loadRepairWork(db, t, repairId),
    db.selectFrom('stock_locations').select(['location_id', 'key']).where('tenant_id', '=', t).execute(),
  ]);
  const partner = (await partyKeys(db, t, [r.service_party_id])).get(r.service_party_id ?? '') ?? null;
  const locationKey = new Map(locations.map((l) => [l.location_id, l.key]));
  return {
    id: r.repair_id,
    number: r.number,
    caseId: r.case_id,
    unit: { id: unit.unit_id, serial: unit.serial, model: unit.model },
    servicePartner: partner,
    state: r.state,
    diagnosis: r.part_category && r.cause ? { partCategory: r.part_category, cause: r.cause } : null,
    decision: decisionForReaders(r.decision, actor),
    repeat: r.repeat as RepeatFinding | null,
    parts: parts.map((p) => ({
      lineId: p.line_id,
      partNumber: p.part_number,
      quantity: p.quantity,
      location: locationKey.get(p.location_id) ?? '?',
      state: p.state,
      serialOut: p.serial_out,
      serialIn: p.serial_in,
      ...(readsBrandInternals(actor) && {
        unitCostMinor: p.unit_cost_minor,
        unitCost: formatMinor(p.unit_cost_minor, p.currency),
        currency: p.currency,
      }),
    })),
    labor: labor.map((l) => ({
      lineId: l.line_id,
      operation: l.operation,
      standardMinutes: l.standard_minutes,
      actualMinutes: l.actual_minutes,
    })),
    visits: visits.map((v) => ({
      id: v.visit_id,
      arrivedAt: v.arrived_at,
      leftAt: v.left_at,
      distanceKm: v.distance_km,
      customerSigned: v.customer_signed,
      note: v.note,
    })),
    result: r.result,
    resultNote: r.result_note,
    openedAt: r.opened_at,
    completedAt: r.completed_at,
  };
}

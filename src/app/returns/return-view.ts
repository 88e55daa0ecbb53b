import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { ReturnCheck } from '../../domain/returns/index.ts';
import type { Database } from '../../store/schema.ts';
import type { ReturnTable } from '../../store/schema-operations.ts';
import { visibleCases } from '../case/index.ts';
import { type DeadlineClockView, deadlineClockViews } from '../deadlines/index.ts';
import { notFound } from '../errors.ts';

export const RETURN_NOT_FOUND = { en: 'No such return.', zh: '没有该退货单。' };

export interface ReturnView {
  id: string;
  number: string;
  caseId: string;
  unit: { id: string; serial: string };
  reason: string;
  conditions: Record<string, boolean>;
  requestedAt: Date;
  decideBy: Date | null;
  approvalOverdue: boolean;
  /** The approval deadline as a clock (running, warned, breached, stopped); null when the terms set none. */
  approvalClock: DeadlineClockView | null;
  termsCheck: ReturnCheck;
  state: string;
  decisionRef: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  shipment: { carrier: string; waybill: string; shippedAt: Date | null } | null;
  receivedAt: Date | null;
  inspection: unknown;
  disposition: string | null;
  dispositionRef: string | null;
  closedAt: Date | null;
}

/** Returns the actor may see: those of cases it may see. */
export function visibleReturns(db: Kysely<Database>, actor: Actor) {
  const cases = visibleCases(db, actor).select('cases.case_id');
  return db
    .selectFrom('returns')
    .where('returns.tenant_id', '=', actor.tenantId)
    .where('returns.case_id', 'in', cases);
}

export async function loadVisibleReturn(db: Kysely<Database>, actor: Actor, returnId: string) {
  const row = await visibleReturns(db, actor)
    .selectAll('returns')
    .where('return_id', '=', returnId)
    .executeTakeFirst();
  if (!row) throw notFound(RETURN_NOT_FOUND);
  return row;
}

export async function toReturnViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: Selectable<ReturnTable>[],
  now: Date,
): Promise<ReturnView[]> {
  if (rows.length === 0) return [];
  const units = await db
    .selectFrom('units')
    .select(['unit_id', 'serial'])
    .where('tenant_id', '=', tenantId)
    .where(
      'unit_id',
      'in',
      rows.map((r) => r.unit_id),
    )
    .execute();
  const serial = new Map(units.map((u) => [u.unit_id, u.serial]));
  const clocks = await deadlineClockViews(
    db,
    tenantId,
    'return_approval',
    rows.map((r) => r.return_id),
    now,
  );
  return rows.map((r) => ({
    id: r.return_id,
    number: r.number,
    caseId: r.case_id,
    unit: { id: r.unit_id, serial: serial.get(r.unit_id) ?? '' },
    reason: r.reason,
    conditions: r.conditions as Record<string, boolean>,
    requestedAt: r.requested_at,
    decideBy: r.decide_by,
    approvalOverdue: r.state === 'requested' && r.decide_by !== null && r.decide_by.getTime() < now.getTime(),
    approvalClock: clocks.get(r.return_id) ?? null,
    termsCheck: r.terms_check,
    state: r.state,
    decisionRef: r.decision_ref,
    decisionNote: r.decision_note,
    decidedAt: r.decided_at,
    shipment:
      r.carrier && r.waybill ? { carrier: r.carrier, waybill: r.waybill, shippedAt: r.shipped_at } : null,
    receivedAt: r.received_at,
    inspection: r.inspection,
    disposition: r.disposition,
    dispositionRef: r.disposition_ref,
    closedAt: r.closed_at,
  }));
}

export async function toReturnView(
  db: Kysely<Database>,
  actor: Actor,
  returnId: string,
  now: Date,
): Promise<ReturnView> {
  const row = await loadVisibleReturn(db, actor, returnId);
  const [view] = await toReturnViews(db, actor.tenantId, [row], now);
  return view!;
}

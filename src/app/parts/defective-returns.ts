import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { localDateIn as localDate } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import type { DefectiveReturnTable } from '../../store/schema-operations.ts';
import { tenantTermsZone } from '../calendar/index.ts';
import { type DeadlineClockView, deadlineClockViews } from '../deadlines/index.ts';
import { notFound } from '../errors.ts';
import { isStaff, partyKeys } from '../ledger/index.ts';

export const DEFECTIVE_NOT_FOUND = { en: 'No such defective-part return.', zh: '没有该故障件返还单。' };

export interface DefectiveReturnView {
  id: string;
  repairId: string;
  caseId: string;
  partNumber: string;
  serial: string | null;
  holder: { key: string; name: string };
  dueOn: string;
  ref: string | null;
  agreementId: string | null;
  state: string;
  overdue: boolean;
  daysLeft: number;
  shipment: { carrier: string; waybill: string; shippedAt: Date | null } | null;
  receivedAt: Date | null;
  late: boolean | null;
  /** The deadline as a clock (running, warned, breached, stopped) until the end of `dueOn` in the terms' zone. */
  clock: DeadlineClockView | null;
}

export function visibleDefectiveReturns(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('defective_returns').where('defective_returns.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) q = q.where('defective_returns.holder_party_id', '=', actor.partyId);
  return q;
}

export async function loadVisibleDefectiveReturn(db: Kysely<Database>, actor: Actor, id: string) {
  const row = await visibleDefectiveReturns(db, actor)
    .selectAll('defective_returns')
    .where('defective_id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(DEFECTIVE_NOT_FOUND);
  return row;
}

export async function toDefectiveViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: Selectable<DefectiveReturnTable>[],
  now: Date,
): Promise<DefectiveReturnView[]> {
  const zone = await tenantTermsZone(db, tenantId);
  const parties = await partyKeys(
    db,
    tenantId,
    rows.map((r) => r.holder_party_id),
  );
  const clocks = await deadlineClockViews(
    db,
    tenantId,
    'defective_return',
    rows.map((r) => r.defective_id),
    now,
  );
  const today = localDate(now, zone);
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  return rows.map((r) => {
    const handedOver = r.shipped_at ?? r.received_at;
    return {
      id: r.defective_id,
      repairId: r.repair_id,
      caseId: r.case_id,
      partNumber: r.part_number,
      serial: r.serial,
      holder: parties.get(r.holder_party_id) ?? { key: '?', name: '?' },
      dueOn: r.due_on,
      ref: r.ref,
      agreementId: r.agreement_id,
      state: r.state,
      overdue: r.state === 'pending' && today > r.due_on,
      daysLeft: days(today, r.due_on),
      shipment:
        r.carrier && r.waybill ? { carrier: r.carrier, waybill: r.waybill, shippedAt: r.shipped_at } : null,
      receivedAt: r.received_at,
      late: handedOver ? localDate(handedOver, zone) > r.due_on : null,
      clock: clocks.get(r.defective_id) ?? null,
    };
  });
}

export async function listDefectiveReturns(
  db: Kysely<Database>,
  actor: Actor,
  now: Date,
  filter: { open?: boolean | undefined },
) {
  let q = visibleDefectiveReturns(db, actor).selectAll('defective_returns');
  if (filter.open) q = q.where('state', '!=', 'received');
  const rows = await q.orderBy('due_on').execute();
  return { items: await toDefectiveViews(db, actor.tenantId, rows, now) };
}

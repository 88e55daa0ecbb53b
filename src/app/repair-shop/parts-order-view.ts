import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { MoneyLine, RateTotal } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import { PARTS_ORDER_STATE_LABELS } from '../../domain/repair-shop/index.ts';
import { type Database, readJson } from '../../store/schema.ts';
import type { PartsOrderTable } from '../../store/schema-repair-shops.ts';
import { notFound } from '../errors.ts';
import { isStaff } from '../ledger/index.ts';
import { ORDER_NOT_FOUND } from './support.ts';

export type PartsOrderRow = Selectable<PartsOrderTable>;

export interface PartsOrderView {
  id: string;
  number: string;
  shop: { id: string; key: string; name: string; nameZh: string | null };
  state: string;
  stateName: Label;
  currency: string;
  lines: {
    partNumber: string;
    name: Label;
    quantity: number;
    unitPrice: string;
    net: string;
    taxRatePercent: number;
  }[];
  byRate: { taxRatePercent: number; net: string; tax: string }[];
  net: string;
  tax: string;
  total: string;
  shopReference: string | null;
  /** Where the parts are reserved and shipped from: the brand's staff only. */
  location: { key: string; name: string } | null;
  carrier: string | null;
  waybill: string | null;
  refusalReason: string | null;
  placedAt: string;
  confirmedAt: string | null;
  shippedAt: string | null;
  refusedAt: string | null;
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

/** The orders the actor sees: the brand's staff all of them; anyone else its own party's. */
export function visibleOrders(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('parts_orders').where('parts_orders.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) q = q.where('parts_orders.shop_party_id', '=', actor.partyId);
  return q;
}

export async function loadVisibleOrder(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<PartsOrderRow> {
  const row = await visibleOrders(db, actor)
    .selectAll('parts_orders')
    .where('order_id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(ORDER_NOT_FOUND);
  return row;
}

export async function toOrderViews(
  db: Kysely<Database>,
  actor: Actor,
  rows: PartsOrderRow[],
): Promise<PartsOrderView[]> {
  if (rows.length === 0) return [];
  const t = actor.tenantId;
  const parties = await db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name', 'name_zh'])
    .where('tenant_id', '=', t)
    .where('party_id', 'in', [...new Set(rows.map((r) => r.shop_party_id))])
    .execute();
  const locationIds = [...new Set(rows.flatMap((r) => (r.location_id ? [r.location_id] : [])))];
  const locations =
    isStaff(actor) && locationIds.length > 0
      ? await db
          .selectFrom('stock_locations')
          .select(['location_id', 'key', 'name'])
          .where('tenant_id', '=', t)
          .where('location_id', 'in', locationIds)
          .execute()
      : [];
  return rows.map((r) => {
    const body = readJson(r.lines) as { lines: MoneyLine[]; byRate: RateTotal[] };
    const p = parties.find((x) => x.party_id === r.shop_party_id)!;
    const l = locations.find((x) => x.location_id === r.location_id);
    const m = (minor: number | string) => formatMinor(Number(minor), r.currency);
    return {
      id: r.order_id,
      number: r.number,
      shop: { id: p.party_id, key: p.key, name: p.name, nameZh: p.name_zh },
      state: r.state,
      stateName: PARTS_ORDER_STATE_LABELS[r.state],
      currency: r.currency,
      lines: body.lines.map((x) => ({
        partNumber: x.itemKey,
        name: x.name,
        quantity: x.quantity,
        unitPrice: m(x.unitPriceMinor),
        net: m(x.netMinor),
        taxRatePercent: x.taxRatePercent,
      })),
      byRate: body.byRate.map((b) => ({
        taxRatePercent: b.taxRatePercent,
        net: m(b.netMinor),
        tax: m(b.taxMinor),
      })),
      net: m(r.net_minor),
      tax: m(r.tax_minor),
      total: m(r.total_minor),
      shopReference: r.shop_reference,
      location: l ? { key: l.key, name: l.name } : null,
      carrier: r.carrier,
      waybill: r.waybill,
      refusalReason: r.refusal_reason,
      placedAt: iso(r.placed_at)!,
      confirmedAt: iso(r.confirmed_at),
      shippedAt: iso(r.shipped_at),
      refusedAt: iso(r.refused_at),
    };
  });
}

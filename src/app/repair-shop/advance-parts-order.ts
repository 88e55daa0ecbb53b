import type { Updateable } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { MoneyLine } from '../../domain/contract/index.ts';
import { nextOrderState, type PartsOrderStep } from '../../domain/repair-shop/index.ts';
import { readJson } from '../../store/schema.ts';
import type { PartsOrderTable } from '../../store/schema-repair-shops.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { type Change, recordChange } from '../evidence/index.ts';
import { consumeStock, loadVisibleLocation, releaseStock, reserveStock } from '../parts/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { loadVisibleOrder, type PartsOrderView, toOrderViews } from './parts-order-view.ts';
import { ORDER_NOT_FOUND } from './support.ts';

export type PartsOrderStepInput =
  | { step: 'confirm'; location: string }
  | { step: 'ship'; carrier: string; waybill: string }
  | { step: 'refuse'; reason: string };

/**
 * The brand's staff move a shop's order through the parts engine: `confirm` reserves every line at
 * a stock location (the race-safe conditional reservation repairs use; a line short is a 409
 * naming the part and what is there, and nothing is reserved); `ship` takes the reserved parts out
 * of stock (a `consumption` movement noting the order's number, so the reorder rule counts parts
 * sold as parts used) and records carrier and waybill; `refuse` releases what was reserved.
 */
export async function advancePartsOrder(
  deps: AppDeps,
  actor: Actor,
  id: string,
  input: PartsOrderStepInput,
): Promise<PartsOrderView> {
  requireStaffWriter(actor);
  const location =
    input.step === 'confirm' ? await loadVisibleLocation(deps.db, actor, input.location) : null;
  if (input.step === 'ship' && (input.carrier.trim() === '' || input.waybill.trim() === ''))
    throw invalid([{ path: '/body', message: 'a shipment names its carrier and waybill' }]);
  const now = deps.now();
  await inTransaction(deps, async (trx) => {
    const order = await trx
      .selectFrom('parts_orders')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .where('order_id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!order) throw notFound(ORDER_NOT_FOUND);
    const next = nextOrderState(order.state, input.step as PartsOrderStep);
    if (!next.ok) {
      throw new AppError('invalid_transition', {
        detail: {
          en: `The order is ${order.state}; "${input.step}" is for an order ${next.allowedFrom.join(' or ')}.`,
          zh: `订单当前为 ${order.state}；“${input.step}”仅适用于 ${next.allowedFrom.join(' 或 ')} 的订单。`,
        },
      });
    }
    const lines = (readJson(order.lines) as { lines: MoneyLine[] }).lines;
    const at = (partNumber: string, locationId: string) => ({
      tenantId: actor.tenantId,
      locationId,
      partNumber,
    });
    const base = { order_id: order.order_id, number: order.number };
    let change: Change;
    if (input.step === 'confirm') {
      for (const l of lines) await reserveStock(trx, at(l.itemKey, location!.location_id), l.quantity);
      await update(trx, actor, id, {
        state: next.state,
        location_id: location!.location_id,
        confirmed_at: now,
        updated_at: now,
      });
      change = payload('parts_order.confirmed', order.shop_party_id, { ...base, location: location!.key });
    } else if (input.step === 'ship') {
      for (const l of lines) {
        await consumeStock(trx, at(l.itemKey, order.location_id!), l.quantity);
        await trx
          .insertInto('stock_movements')
          .values({
            tenant_id: actor.tenantId,
            movement_id: deps.newId(),
            location_id: order.location_id!,
            part_number: l.itemKey,
            kind: 'consumption',
            quantity: -l.quantity,
            repair_id: null,
            transfer_id: null,
            note: order.number,
            occurred_at: now,
            user_id: actor.userId,
          })
          .execute();
      }
      const carrier = input.carrier.trim();
      const waybill = input.waybill.trim();
      await update(trx, actor, id, { state: next.state, carrier, waybill, shipped_at: now, updated_at: now });
      change = payload('parts_order.shipped', order.shop_party_id, { ...base, carrier, waybill });
    } else {
      if (order.state === 'confirmed')
        for (const l of lines) await releaseStock(trx, at(l.itemKey, order.location_id!), l.quantity);
      const reason = input.reason.trim();
      await update(trx, actor, id, {
        state: next.state,
        refusal_reason: reason,
        refused_at: now,
        updated_at: now,
      });
      change = payload('parts_order.refused', order.shop_party_id, { ...base, reason });
    }
    await recordChange(deps, trx, actor, change);
  });
  return (await toOrderViews(deps.db, actor, [await loadVisibleOrder(deps.db, actor, id)]))[0]!;
}

function update(trx: Tx, actor: Actor, id: string, set: Updateable<PartsOrderTable>) {
  return trx
    .updateTable('parts_orders')
    .set(set)
    .where('tenant_id', '=', actor.tenantId)
    .where('order_id', '=', id)
    .execute();
}

function payload(type: Change['type'], shopPartyId: string, body: Record<string, unknown>): Change {
  return { type, subject: { type: 'party', id: shopPartyId }, payload: body };
}

import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { Database } from '../../store/schema.ts';
import { AppError, notFound } from '../errors.ts';
import { isStaff } from '../ledger/index.ts';

export const LOCATION_NOT_FOUND = { en: 'No such stock location.', zh: '没有该库位。' };
export const PART_NOT_FOUND = { en: 'No such part in the catalogue.', zh: '备件目录中没有该备件。' };

/** Locations the actor may see: staff all; a partner, technician or distributor those its party holds. */
export function visibleLocations(db: Kysely<Database>, actor: Actor) {
  let q = db.selectFrom('stock_locations').where('stock_locations.tenant_id', '=', actor.tenantId);
  if (!isStaff(actor)) q = q.where('stock_locations.holder_party_id', '=', actor.partyId);
  return q;
}

export async function loadVisibleLocation(db: Kysely<Database>, actor: Actor, key: string) {
  const row = await visibleLocations(db, actor)
    .selectAll('stock_locations')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) throw notFound(LOCATION_NOT_FOUND);
  return row;
}

/** Who may move stock at a location: staff writers anywhere; a partner or technician at its own. */
export function requireStockWriter(actor: Actor, location: { holder_party_id: string }): void {
  if (actor.role === 'counsel' || actor.role === 'customer') throw new AppError('forbidden');
  if (isStaff(actor)) return;
  if (
    location.holder_party_id !== actor.partyId ||
    !['partner', 'technician', 'agent', 'manager', 'admin'].includes(actor.role)
  ) {
    throw new AppError('forbidden');
  }
}

export async function loadPart(db: Kysely<Database>, tenantId: string, partNumber: string) {
  const row = await db
    .selectFrom('spare_parts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('part_number', '=', partNumber)
    .executeTakeFirst();
  if (!row) throw notFound(PART_NOT_FOUND);
  return row;
}

/** One part's stock row at one location. */
export interface StockAt {
  tenantId: string;
  locationId: string;
  partNumber: string;
}

async function availableAt(trx: Kysely<Database>, at: StockAt) {
  const row = await trx
    .selectFrom('stock_levels')
    .select(['on_hand', 'reserved'])
    .where('tenant_id', '=', at.tenantId)
    .where('location_id', '=', at.locationId)
    .where('part_number', '=', at.partNumber)
    .executeTakeFirst();
  return row ? row.on_hand - row.reserved : 0;
}

function levelAt(trx: Kysely<Database>, at: StockAt) {
  return trx
    .updateTable('stock_levels')
    .where('tenant_id', '=', at.tenantId)
    .where('location_id', '=', at.locationId)
    .where('part_number', '=', at.partNumber);
}

/** The guarded UPDATE changed no row: not enough was there at that moment, so say how much there is. */
async function refuseIfShort(
  trx: Kysely<Database>,
  at: StockAt,
  quantity: number,
  updated: unknown,
): Promise<void> {
  if (updated) return;
  const available = await availableAt(trx, at);
  throw new AppError('insufficient_stock', {
    detail: {
      en: `${quantity} × ${at.partNumber} wanted, ${available} available here.`,
      zh: `需要 ${quantity} 件 ${at.partNumber}，此处可用 ${available} 件。`,
    },
  });
}

/**
 * Reserves units for a repair in one conditional UPDATE: the row is changed only when enough is
 * available at that moment. Two transactions racing for the last unit: PostgreSQL makes the second
 * wait for the first's row lock, re-checks the condition on the updated row, and changes nothing.
 */
export async function reserveStock(trx: Kysely<Database>, at: StockAt, quantity: number): Promise<void> {
  const updated = await levelAt(trx, at)
    .set({ reserved: sql<number>`reserved + ${quantity}` })
    .where(sql<boolean>`on_hand - reserved >= ${quantity}`)
    .returning('reserved')
    .executeTakeFirst();
  await refuseIfShort(trx, at, quantity, updated);
}

export async function releaseStock(trx: Kysely<Database>, at: StockAt, quantity: number): Promise<void> {
  await levelAt(trx, at)
    .set({ reserved: sql<number>`reserved - ${quantity}` })
    .where('reserved', '>=', quantity)
    .execute();
}

/** Takes reserved units out of stock (a repair used them). */
export async function consumeStock(trx: Kysely<Database>, at: StockAt, quantity: number): Promise<void> {
  const updated = await levelAt(trx, at)
    .set({ on_hand: sql<number>`on_hand - ${quantity}`, reserved: sql<number>`reserved - ${quantity}` })
    .where('reserved', '>=', quantity)
    .where('on_hand', '>=', quantity)
    .returning('on_hand')
    .executeTakeFirst();
  await refuseIfShort(trx, at, quantity, updated);
}

/** Takes unreserved units out (a transfer out); refuses what would dip into reservations. */
export async function issueStock(trx: Kysely<Database>, at: StockAt, quantity: number): Promise<void> {
  const updated = await levelAt(trx, at)
    .set({ on_hand: sql<number>`on_hand - ${quantity}` })
    .where(sql<boolean>`on_hand - reserved >= ${quantity}`)
    .returning('on_hand')
    .executeTakeFirst();
  await refuseIfShort(trx, at, quantity, updated);
}

export async function receiveStock(trx: Kysely<Database>, at: StockAt, quantity: number): Promise<void> {
  await trx
    .insertInto('stock_levels')
    .values({
      tenant_id: at.tenantId,
      location_id: at.locationId,
      part_number: at.partNumber,
      on_hand: quantity,
      reserved: 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'location_id', 'part_number'])
        .doUpdateSet({ on_hand: sql<number>`stock_levels.on_hand + ${quantity}` }),
    )
    .execute();
}

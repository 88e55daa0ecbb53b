import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { type ShopStatus, shopMayAct } from '../../domain/repair-shop/index.ts';
import type { Database } from '../../store/schema.ts';
import { AppError } from '../errors.ts';

export const SHOP_NOT_FOUND = { en: 'No such repair shop.', zh: '未找到该维修店。' };
export const ORDER_NOT_FOUND = { en: 'No such parts order.', zh: '未找到该备件订单。' };

/** The registration status of the actor's party as a repair shop; null when it is not one. */
export async function shopStatusOf(db: Kysely<Database>, actor: Actor): Promise<ShopStatus | null> {
  const row = await db
    .selectFrom('repair_shops')
    .select('status')
    .where('tenant_id', '=', actor.tenantId)
    .where('party_id', '=', actor.partyId)
    .executeTakeFirst();
  return row?.status ?? null;
}

/**
 * Whether the actor speaks for an approved independent repair shop. A pending or refused shop's
 * user is also disabled (it cannot sign in), but this is checked on every shop action as well, so
 * that re-enabling the user by hand does not let an unapproved shop in.
 */
export async function isApprovedShop(db: Kysely<Database>, actor: Actor): Promise<boolean> {
  if (actor.role !== 'repair_shop') return false;
  return shopMayAct(await shopStatusOf(db, actor)).allowed;
}

export async function requireApprovedShop(db: Kysely<Database>, actor: Actor): Promise<void> {
  if (actor.role !== 'repair_shop') throw new AppError('forbidden');
  const status = await shopStatusOf(db, actor);
  const may = shopMayAct(status);
  if (!may.allowed) {
    throw new AppError('shop_not_approved', {
      detail: {
        en: `The shop's registration is ${status ?? 'missing'}; only an approved shop acts (${may.rule}).`,
        zh: `该维修店的注册状态为 ${status ?? '无'}；仅获批准的维修店可操作（${may.rule}）。`,
      },
    });
  }
}

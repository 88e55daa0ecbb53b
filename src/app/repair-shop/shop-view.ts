import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import { SHOP_STATUS_LABELS } from '../../domain/repair-shop/index.ts';
import type { Database } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { SHOP_NOT_FOUND } from './support.ts';

export interface ShopView {
  id: string;
  key: string;
  name: string;
  nameZh: string | null;
  creditCode: string;
  email: string | null;
  phone: string | null;
  status: string;
  statusName: Label;
  registeredAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  contacts: { id: string; name: string; email: string; enabled: boolean }[];
}

export function shopRows(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('repair_shops')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'repair_shops.tenant_id')
        .onRef('parties.party_id', '=', 'repair_shops.party_id'),
    )
    .select([
      'repair_shops.party_id',
      'repair_shops.credit_code',
      'repair_shops.status',
      'repair_shops.registered_at',
      'repair_shops.decided_at',
      'repair_shops.decision_reason',
      'parties.key',
      'parties.name',
      'parties.name_zh',
      'parties.email',
      'parties.phone',
    ])
    .where('repair_shops.tenant_id', '=', tenantId);
}

type ShopRow = Awaited<ReturnType<ReturnType<typeof shopRows>['executeTakeFirstOrThrow']>>;

export async function toShopViews(
  db: Kysely<Database>,
  tenantId: string,
  rows: ShopRow[],
): Promise<ShopView[]> {
  if (rows.length === 0) return [];
  // The shops' users, by users_by_party.
  const users = await db
    .selectFrom('users')
    .select(['user_id', 'party_id', 'name', 'email', 'disabled_at'])
    .where('tenant_id', '=', tenantId)
    .where(
      'party_id',
      'in',
      rows.map((r) => r.party_id),
    )
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.party_id,
    key: r.key,
    name: r.name,
    nameZh: r.name_zh,
    creditCode: r.credit_code,
    email: r.email,
    phone: r.phone,
    status: r.status,
    statusName: SHOP_STATUS_LABELS[r.status],
    registeredAt: new Date(r.registered_at).toISOString(),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    decisionReason: r.decision_reason,
    contacts: users
      .filter((u) => u.party_id === r.party_id)
      .map((u) => ({ id: u.user_id, name: u.name, email: u.email, enabled: u.disabled_at === null })),
  }));
}

/** One shop: the brand's staff see any; a shop its own; anyone else is told it does not exist. */
export async function showShop(deps: { db: Kysely<Database> }, actor: Actor, id: string): Promise<ShopView> {
  if (visibilityOf(actor).kind !== 'tenant' && actor.partyId !== id) throw notFound(SHOP_NOT_FOUND);
  const row = await shopRows(deps.db, actor.tenantId)
    .where('repair_shops.party_id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(SHOP_NOT_FOUND);
  return (await toShopViews(deps.db, actor.tenantId, [row]))[0]!;
}

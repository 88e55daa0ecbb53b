import type { ColumnType } from 'kysely';

/** Tables of migration 0040: independent repair shops and their parts orders (issue 18). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Minor = ColumnType<string, string | number, string | number>;

export interface RepairShopTable {
  tenant_id: string;
  party_id: string;
  credit_code: string;
  status: 'pending' | 'approved' | 'refused';
  registered_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by_user_id: string | null;
  decision_reason: string | null;
}

export interface PartsOrderTable {
  tenant_id: string;
  order_id: string;
  number: string;
  shop_party_id: string;
  state: 'placed' | 'confirmed' | 'shipped' | 'refused';
  currency: string;
  lines: ColumnType<unknown, string, string>;
  net_minor: Minor;
  tax_minor: Minor;
  total_minor: Minor;
  shop_reference: string | null;
  location_id: string | null;
  carrier: string | null;
  waybill: string | null;
  refusal_reason: string | null;
  placed_by_user_id: string;
  placed_at: Timestamp;
  confirmed_at: Timestamp | null;
  shipped_at: Timestamp | null;
  refused_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface RepairShopTables {
  repair_shops: RepairShopTable;
  parts_orders: PartsOrderTable;
}

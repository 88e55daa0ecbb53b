// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Independent repair shops (issue 18, "published prices").
 *
 * - `parties.roles` gains `independent_shop`; `users.role` gains `repair_shop` (the shop's staff).
 * - `repair_shops`: a shop's registration with its business licence (unified social credit code,
 *   one registration per code and tenant) and the brand's decision: pending → approved or refused.
 *   The pending list is read by `repair_shops_by_status`.
 * - `parts_orders`: a shop's order of parts at the published customer prices (lines and amounts by
 *   tax rate as a quote keeps them), confirmed against a stock location (reserved there), shipped
 *   with carrier and waybill (consumed), or refused. The shop's orders newest first by
 *   `parts_orders_by_shop`, the brand's queue by `parts_orders_by_state`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE parties DROP CONSTRAINT parties_roles_check;
    ALTER TABLE parties ADD CONSTRAINT parties_roles_check CHECK (roles <@ ARRAY[
      'brand', 'distributor', 'service_partner', 'supplier', 'customer', 'independent_shop']::text[]);
    ALTER TABLE users DROP CONSTRAINT users_role_check;
    ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (
      'admin', 'manager', 'agent', 'technician', 'partner', 'customer', 'counsel', 'repair_shop'));

    CREATE TABLE repair_shops (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      party_id uuid NOT NULL,
      credit_code text NOT NULL CHECK (length(credit_code) = 18),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
      registered_at timestamptz NOT NULL,
      decided_at timestamptz,
      decided_by_user_id uuid,
      decision_reason text,
      PRIMARY KEY (tenant_id, party_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id),
      UNIQUE (tenant_id, credit_code),
      CHECK ((status = 'pending') = (decided_at IS NULL))
    );
    CREATE INDEX repair_shops_by_status ON repair_shops (tenant_id, status, registered_at, party_id);

    CREATE TABLE parts_orders (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      order_id uuid NOT NULL,
      number text NOT NULL,
      shop_party_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('placed', 'confirmed', 'shipped', 'refused')),
      currency text NOT NULL,
      lines jsonb NOT NULL,
      net_minor bigint NOT NULL CHECK (net_minor >= 0),
      tax_minor bigint NOT NULL CHECK (tax_minor >= 0),
      total_minor bigint NOT NULL CHECK (total_minor >= 0),
      shop_reference text,
      location_id uuid,
      carrier text,
      waybill text,
      refusal_reason text,
      placed_by_user_id uuid NOT NULL,
      placed_at timestamptz NOT NULL,
      confirmed_at timestamptz,
      shipped_at timestamptz,
      refused_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, order_id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, shop_party_id) REFERENCES repair_shops (tenant_id, party_id),
      CHECK (state NOT IN ('confirmed', 'shipped') OR location_id IS NOT NULL),
      CHECK (state <> 'shipped' OR (carrier IS NOT NULL AND waybill IS NOT NULL))
    );
    CREATE INDEX parts_orders_by_shop ON parts_orders (tenant_id, shop_party_id, placed_at DESC, order_id);
    CREATE INDEX parts_orders_by_state ON parts_orders (tenant_id, state, placed_at DESC, order_id);
  `.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Service contracts, extended warranties and paid repairs (issue 18).
 *
 * - `service_plans`: what the tenant sells per product and term (an extended warranty or a service
 *   plan), the agreement it attaches, its price, per-incident allowance and refund rule.
 * - `unit_contracts`: a contract or plan sold to one serial, with its own start, end, price and
 *   service level; the entitlement decision reads them with the unit (`unit_contracts_by_unit`).
 *   The renewal reminder is claimed by its due time (`unit_contracts_renewal_due`).
 * - `price_list`: the customer prices of parts, labour (per hour) and travel that a quote is
 *   priced from, with their tax rate (labour by the standard times of migration 0006).
 * - `quotes`, `invoices`, `invoice_payments`: a paid repair's quote (accepted or declined by the
 *   customer), its invoice with the fapiao data and amounts by tax rate, payments and refunds.
 * - `unit_replacements`: an exchange links the old unit and the new one (三包 or advance exchange).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_plans (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      plan_key text NOT NULL,
      agreement_key text NOT NULL,
      product_model text NOT NULL,
      term_months integer NOT NULL CHECK (term_months > 0),
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency text NOT NULL,
      incidents integer CHECK (incidents > 0),
      refund_rule text NOT NULL CHECK (refund_rule IN ('pro_rata', 'none')),
      name text NOT NULL,
      name_zh text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, plan_key)
    );
    CREATE INDEX service_plans_by_product ON service_plans (tenant_id, product_model);

    CREATE TABLE unit_contracts (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      contract_id uuid NOT NULL,
      number text NOT NULL,
      unit_id uuid NOT NULL,
      agreement_key text NOT NULL,
      plan_key text,
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency text NOT NULL,
      service_level text,
      channel text NOT NULL CHECK (channel IN ('agent', 'distributor', 'portal', 'import')),
      sold_by_party_id uuid NOT NULL,
      incidents_allowed integer,
      incidents_used integer NOT NULL DEFAULT 0,
      state text NOT NULL CHECK (state IN ('active', 'cancelled')),
      cancelled_on date,
      refund_minor bigint,
      remind_at timestamptz,
      reminded_at timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, contract_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX unit_contracts_by_unit ON unit_contracts (tenant_id, unit_id, starts_on);
    CREATE INDEX unit_contracts_renewal_due ON unit_contracts (remind_at)
      WHERE state = 'active' AND reminded_at IS NULL;

    CREATE TABLE price_list (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      item_key text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('part', 'labor', 'travel')),
      name text NOT NULL,
      name_zh text NOT NULL,
      per text NOT NULL CHECK (per IN ('piece', 'hour', 'km', 'visit')),
      price_minor bigint NOT NULL CHECK (price_minor >= 0),
      currency text NOT NULL,
      tax_rate_percent integer NOT NULL CHECK (tax_rate_percent BETWEEN 0 AND 100),
      PRIMARY KEY (tenant_id, item_key)
    );


    CREATE TABLE quotes (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      quote_id uuid NOT NULL,
      number text NOT NULL,
      case_id uuid NOT NULL,
      customer_party_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('sent', 'accepted', 'declined')),
      currency text NOT NULL,
      lines jsonb NOT NULL,
      net_minor bigint NOT NULL,
      tax_minor bigint NOT NULL,
      total_minor bigint NOT NULL,
      blocks_work boolean NOT NULL,
      block_ref text,
      sent_at timestamptz NOT NULL,
      decided_at timestamptz,
      decided_by_user_id uuid,
      decline_reason text,
      PRIMARY KEY (tenant_id, quote_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX quotes_by_case ON quotes (tenant_id, case_id);
    CREATE INDEX quotes_by_customer ON quotes (tenant_id, customer_party_id, sent_at DESC);

    CREATE TABLE invoices (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      invoice_id uuid NOT NULL,
      number text NOT NULL,
      case_id uuid,
      quote_id uuid,
      customer_party_id uuid NOT NULL,
      currency text NOT NULL,
      lines jsonb NOT NULL,
      by_rate jsonb NOT NULL,
      net_minor bigint NOT NULL,
      tax_minor bigint NOT NULL,
      total_minor bigint NOT NULL,
      paid_minor bigint NOT NULL DEFAULT 0,
      fapiao jsonb NOT NULL,
      issued_on date NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, invoice_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX invoices_by_customer ON invoices (tenant_id, customer_party_id, issued_on);
    CREATE INDEX invoices_by_case ON invoices (tenant_id, case_id);

    CREATE TABLE invoice_payments (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      payment_id uuid NOT NULL,
      invoice_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('payment', 'refund')),
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      method text NOT NULL,
      reference text NOT NULL,
      received_on date NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, payment_id)
    );
    CREATE INDEX invoice_payments_by_invoice ON invoice_payments (tenant_id, invoice_id);

    CREATE TABLE unit_replacements (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      old_unit_id uuid NOT NULL,
      new_unit_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sanbao', 'advance_exchange')),
      warranty text NOT NULL CHECK (warranty IN ('new', 'continues')),
      case_id uuid,
      replaced_on date NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, old_unit_id, new_unit_id)
    );
    CREATE INDEX unit_replacements_by_new ON unit_replacements (tenant_id, new_unit_id);
  `.execute(db);
}

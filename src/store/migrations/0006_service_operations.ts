// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Returns (RMA), repairs, spare parts and stock, partner warranty claims, supplier recovery and
 * the cost ledger. Quantities are integers; amounts are integer minor units (fen for CNY) in
 * bigint columns with their currency, never floating point.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Numbers people say on the phone, per tenant and kind: R-000001 (return), RO- (repair order),
    -- WC- (warranty claim), SR- (supplier recovery).
    CREATE TABLE document_counters (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      kind text NOT NULL,
      last integer NOT NULL,
      PRIMARY KEY (tenant_id, kind)
    );

    CREATE TABLE spare_parts (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      part_number text NOT NULL,
      part_category text NOT NULL,
      name text NOT NULL,
      name_zh text,
      unit_cost_minor bigint NOT NULL CHECK (unit_cost_minor >= 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      supplier_party_id uuid,
      lead_time_days integer NOT NULL DEFAULT 14 CHECK (lead_time_days >= 0),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, part_number),
      FOREIGN KEY (tenant_id, supplier_party_id) REFERENCES parties (tenant_id, party_id)
    );

    -- Labor standard times: how long an operation on a model may take, as the partner claims are paid.
    CREATE TABLE standard_times (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      product_model text NOT NULL,
      operation text NOT NULL,
      part_category text,
      name text NOT NULL,
      name_zh text,
      minutes integer NOT NULL CHECK (minutes > 0),
      PRIMARY KEY (tenant_id, product_model, operation)
    );

    CREATE TABLE stock_locations (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      location_id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      name_zh text,
      kind text NOT NULL CHECK (kind IN ('warehouse', 'distributor', 'consignment', 'van')),
      -- Who holds the stock (sees it, takes from it) and who owns it (consignment: the brand).
      holder_party_id uuid NOT NULL,
      owner_party_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, location_id),
      UNIQUE (tenant_id, key),
      FOREIGN KEY (tenant_id, holder_party_id) REFERENCES parties (tenant_id, party_id),
      FOREIGN KEY (tenant_id, owner_party_id) REFERENCES parties (tenant_id, party_id)
    );

    -- Stock never goes below zero and never promises more than it holds: the database refuses.
    CREATE TABLE stock_levels (
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      part_number text NOT NULL,
      on_hand integer NOT NULL CHECK (on_hand >= 0),
      reserved integer NOT NULL CHECK (reserved >= 0),
      CHECK (reserved <= on_hand),
      PRIMARY KEY (tenant_id, location_id, part_number),
      FOREIGN KEY (tenant_id, location_id) REFERENCES stock_locations (tenant_id, location_id),
      FOREIGN KEY (tenant_id, part_number) REFERENCES spare_parts (tenant_id, part_number)
    );

    CREATE TABLE stock_movements (
      tenant_id uuid NOT NULL,
      movement_id uuid NOT NULL,
      location_id uuid NOT NULL,
      part_number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('receipt', 'consumption', 'transfer_out', 'transfer_in', 'adjustment')),
      -- Signed change of on_hand.
      quantity integer NOT NULL,
      repair_id uuid,
      transfer_id uuid,
      note text,
      occurred_at timestamptz NOT NULL,
      user_id uuid,
      PRIMARY KEY (tenant_id, movement_id)
    );
    CREATE INDEX stock_movements_by_part ON stock_movements (tenant_id, part_number, occurred_at);

    CREATE TABLE repairs (
      tenant_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      number text NOT NULL,
      case_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      service_party_id uuid,
      state text NOT NULL CHECK (state IN ('open', 'completed', 'cancelled')),
      part_category text,
      cause text,
      -- The entitlement decision the repair runs on, and the repeat-failure finding.
      decision jsonb,
      repeat jsonb,
      result text CHECK (result IN ('fixed', 'not_fixed', 'replaced_unit')),
      result_note text,
      opened_at timestamptz NOT NULL,
      completed_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, repair_id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id)
    );
    CREATE INDEX repairs_by_unit ON repairs (tenant_id, unit_id, opened_at);
    CREATE INDEX repairs_by_case ON repairs (tenant_id, case_id);

    CREATE TABLE repair_parts (
      tenant_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      line_id uuid NOT NULL,
      part_number text NOT NULL,
      quantity integer NOT NULL CHECK (quantity > 0),
      location_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('reserved', 'consumed', 'released')),
      serial_out text,
      serial_in text,
      unit_cost_minor bigint NOT NULL,
      currency text NOT NULL,
      reserved_at timestamptz NOT NULL,
      settled_at timestamptz,
      PRIMARY KEY (tenant_id, repair_id, line_id),
      FOREIGN KEY (tenant_id, repair_id) REFERENCES repairs (tenant_id, repair_id),
      FOREIGN KEY (tenant_id, location_id, part_number) REFERENCES stock_levels (tenant_id, location_id, part_number)
    );

    CREATE TABLE repair_labor (
      tenant_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      line_id uuid NOT NULL,
      operation text NOT NULL,
      standard_minutes integer,
      actual_minutes integer NOT NULL CHECK (actual_minutes > 0),
      PRIMARY KEY (tenant_id, repair_id, line_id),
      FOREIGN KEY (tenant_id, repair_id) REFERENCES repairs (tenant_id, repair_id)
    );

    CREATE TABLE repair_visits (
      tenant_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      visit_id uuid NOT NULL,
      arrived_at timestamptz NOT NULL,
      left_at timestamptz,
      distance_km integer NOT NULL CHECK (distance_km >= 0),
      customer_signed boolean NOT NULL,
      note text,
      user_id uuid,
      PRIMARY KEY (tenant_id, repair_id, visit_id),
      FOREIGN KEY (tenant_id, repair_id) REFERENCES repairs (tenant_id, repair_id)
    );

    CREATE TABLE unit_part_changes (
      tenant_id uuid NOT NULL,
      change_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      part_category text NOT NULL,
      part_number text NOT NULL,
      serial_out text,
      serial_in text,
      changed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, change_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id)
    );
    CREATE INDEX unit_part_changes_by_unit ON unit_part_changes (tenant_id, unit_id, changed_at);

    CREATE TABLE returns (
      tenant_id uuid NOT NULL,
      return_id uuid NOT NULL,
      number text NOT NULL,
      case_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      customer_party_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN ('no_reason', 'performance_fault', 'other')),
      conditions jsonb NOT NULL,
      requested_at timestamptz NOT NULL,
      decide_by timestamptz,
      -- What the terms say about the request, with the clause: the check the decision is made on.
      terms_check jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('requested', 'approved', 'rejected', 'shipped', 'received', 'closed')),
      decision_ref text,
      decision_note text,
      decided_at timestamptz,
      carrier text,
      waybill text,
      shipped_at timestamptz,
      received_at timestamptz,
      inspection jsonb,
      disposition text CHECK (disposition IN ('repair', 'replace', 'refund', 'reject')),
      disposition_ref text,
      closed_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, return_id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id)
    );
    CREATE INDEX returns_by_unit ON returns (tenant_id, unit_id);
    CREATE INDEX returns_by_customer ON returns (tenant_id, customer_party_id);

    CREATE TABLE warranty_claims (
      tenant_id uuid NOT NULL,
      claim_id uuid NOT NULL,
      number text NOT NULL,
      repair_id uuid NOT NULL,
      case_id uuid NOT NULL,
      partner_party_id uuid NOT NULL,
      state text NOT NULL CHECK (state IN ('approved', 'partly_approved', 'rejected', 'paid')),
      revision integer NOT NULL,
      submitted_at timestamptz NOT NULL,
      lines jsonb NOT NULL,
      evidence jsonb NOT NULL,
      decision jsonb NOT NULL,
      claimed_minor bigint NOT NULL,
      approved_minor bigint NOT NULL,
      currency text NOT NULL,
      answer text,
      pay_by date,
      paid_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, claim_id),
      UNIQUE (tenant_id, number),
      UNIQUE (tenant_id, repair_id),
      FOREIGN KEY (tenant_id, repair_id) REFERENCES repairs (tenant_id, repair_id)
    );
    CREATE INDEX warranty_claims_by_partner ON warranty_claims (tenant_id, partner_party_id);

    CREATE TABLE recovery_claims (
      tenant_id uuid NOT NULL,
      recovery_id uuid NOT NULL,
      number text NOT NULL,
      case_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      supplier_party_id uuid NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      cites text[] NOT NULL,
      part_number text,
      serial text,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency text NOT NULL,
      report_by date,
      evidence jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('prepared', 'sent', 'credited', 'rejected')),
      credited_minor bigint,
      reference text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, recovery_id),
      UNIQUE (tenant_id, number),
      UNIQUE (tenant_id, repair_id)
    );

    CREATE TABLE defective_returns (
      tenant_id uuid NOT NULL,
      defective_id uuid NOT NULL,
      repair_id uuid NOT NULL,
      case_id uuid NOT NULL,
      part_number text NOT NULL,
      serial text,
      holder_party_id uuid NOT NULL,
      to_location_id uuid,
      due_on date NOT NULL,
      agreement_id text,
      ref text,
      state text NOT NULL CHECK (state IN ('pending', 'shipped', 'received')),
      carrier text,
      waybill text,
      shipped_at timestamptz,
      received_at timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, defective_id)
    );
    CREATE INDEX defective_returns_open ON defective_returns (tenant_id, due_on) WHERE state <> 'received';

    -- The cost ledger: append-only; a correction is a reversing line that names the line it reverses.
    CREATE TABLE cost_lines (
      tenant_id uuid NOT NULL,
      line_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('parts', 'labor', 'travel', 'shipping', 'replacement', 'refund', 'credit', 'goodwill')),
      amount_minor bigint NOT NULL,
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      case_id uuid,
      source_type text NOT NULL,
      source_id uuid,
      -- Who pays, and who is paid (null: nobody outside the bearer, e.g. its own stock used).
      bearer_party_id uuid NOT NULL,
      payee_party_id uuid,
      ref text,
      agreement_id text,
      agreement_version integer,
      description text NOT NULL,
      occurred_on date NOT NULL,
      reverses_line_id uuid,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, line_id),
      FOREIGN KEY (tenant_id, bearer_party_id) REFERENCES parties (tenant_id, party_id),
      FOREIGN KEY (tenant_id, payee_party_id) REFERENCES parties (tenant_id, party_id)
    );
    CREATE INDEX cost_lines_by_bearer ON cost_lines (tenant_id, bearer_party_id, occurred_on);
    CREATE INDEX cost_lines_by_payee ON cost_lines (tenant_id, payee_party_id, occurred_on);
    CREATE INDEX cost_lines_by_case ON cost_lines (tenant_id, case_id);
    CREATE INDEX cost_lines_by_source ON cost_lines (tenant_id, source_type, source_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0006_service_operations cannot be rolled back: restore a backup instead');
}

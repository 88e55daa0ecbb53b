// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Exchanges and loaners (issue 18).
 *
 * - `unit_replacements.kind` gains `after_receipt` (an exchange once the faulty unit is back, the
 *   warranty continuing), beside `sanbao` (new warranty) and `advance_exchange`; carrier and
 *   waybill of the new unit's shipment; one replacement per old unit.
 * - `unit_loans`: a loaner unit (the brand's own) lent to a customer on a case until it is
 *   returned; one open loan per loaner (partial unique index), the customer's open loans by party.
 * - `mail_inbound.outcome` gains `supplier_request_message`: a supplier's answer by e-mail, filed
 *   on its request (issue 16).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE unit_replacements DROP CONSTRAINT unit_replacements_kind_check;
    ALTER TABLE unit_replacements ADD CONSTRAINT unit_replacements_kind_check
      CHECK (kind IN ('sanbao', 'advance_exchange', 'after_receipt'));
    ALTER TABLE unit_replacements ADD COLUMN carrier text, ADD COLUMN waybill text;
    ALTER TABLE mail_inbound DROP CONSTRAINT mail_inbound_outcome_check;
    ALTER TABLE mail_inbound ADD CONSTRAINT mail_inbound_outcome_check CHECK (outcome IN
      ('case_opened', 'case_message', 'supplier_request_message', 'triage', 'auto_reply', 'bounce', 'loop', 'flood'));
    CREATE UNIQUE INDEX unit_replacements_one_per_old ON unit_replacements (tenant_id, old_unit_id);

    CREATE TABLE unit_loans (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      loan_id uuid NOT NULL,
      loaner_unit_id uuid NOT NULL,
      case_id uuid NOT NULL,
      customer_party_id uuid NOT NULL,
      lent_on date NOT NULL,
      due_back_on date NOT NULL,
      returned_on date,
      condition_note text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, loan_id),
      CHECK (due_back_on >= lent_on),
      CHECK (returned_on IS NULL OR returned_on >= lent_on)
    );
    CREATE UNIQUE INDEX unit_loans_one_open ON unit_loans (tenant_id, loaner_unit_id) WHERE returned_on IS NULL;
    CREATE INDEX unit_loans_by_case ON unit_loans (tenant_id, case_id);
    CREATE INDEX unit_loans_open_by_customer ON unit_loans (tenant_id, customer_party_id, due_back_on)
      WHERE returned_on IS NULL;
  `.execute(db);
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Disputes and recovery (issue 16).
 *
 * - `supplier_requests`: a support request the brand (as buyer) opens to a supplier under a supply
 *   agreement; `supplier_request_messages` both ways. Each message of the brand starts the
 *   supplier's response clock (`deadline_clocks`, kind `supplier_response`, subject: the message),
 *   stopped by the supplier's next answer; the worker records a missed one as a breach.
 * - `notices`: a formal notice (breach, complaint) generated from the record, with its evidence list
 *   (hashes) and letter; sending it starts the cure-period clock (kind `cure_period`).
 * - `dispute_matters`: one dispute, with its clause, stage, amounts and forum deadlines;
 *   `matter_links` ties cases, notices, requests and cost lines to it.
 * - `deadline_clocks` takes the two new kinds; a clock of a request or notice may have no case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE deadline_clocks DROP CONSTRAINT IF EXISTS deadline_clocks_kind_check;
    ALTER TABLE deadline_clocks ADD CONSTRAINT deadline_clocks_kind_check
      CHECK (kind IN ('return_approval', 'defective_return', 'supplier_response', 'cure_period'));
    ALTER TABLE deadline_clocks ALTER COLUMN case_id DROP NOT NULL;

    CREATE TABLE supplier_requests (
      tenant_id uuid NOT NULL,
      request_id uuid NOT NULL,
      number text NOT NULL,
      supplier_party_id uuid NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      case_id uuid,
      subject text NOT NULL,
      state text NOT NULL CHECK (state IN ('awaiting_supplier', 'answered', 'closed')),
      opened_by uuid,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, request_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX supplier_requests_by_supplier ON supplier_requests (tenant_id, supplier_party_id, opened_at DESC);

    CREATE TABLE supplier_request_messages (
      tenant_id uuid NOT NULL,
      message_id uuid NOT NULL,
      request_id uuid NOT NULL,
      direction text NOT NULL CHECK (direction IN ('to_supplier', 'from_supplier')),
      author_user_id uuid,
      body text NOT NULL,
      blobs text[] NOT NULL DEFAULT '{}',
      sent_at timestamptz NOT NULL,
      answered_at timestamptz,
      PRIMARY KEY (tenant_id, message_id)
    );
    CREATE INDEX supplier_request_messages_by_request ON supplier_request_messages (tenant_id, request_id, sent_at);

    CREATE TABLE notices (
      tenant_id uuid NOT NULL,
      notice_id uuid NOT NULL,
      number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('breach', 'complaint')),
      to_party_id uuid NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      content jsonb NOT NULL,
      cure_period text NOT NULL,
      cure_period_ref text,
      state text NOT NULL CHECK (state IN ('draft', 'sent', 'answered', 'cure_expired')),
      delivery jsonb,
      sent_at timestamptz,
      cure_due_at timestamptz,
      answer jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, notice_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX notices_by_party ON notices (tenant_id, to_party_id, created_at DESC);

    CREATE TABLE dispute_matters (
      tenant_id uuid NOT NULL,
      matter_id uuid NOT NULL,
      number text NOT NULL,
      title text NOT NULL,
      counterparty_party_id uuid NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      clause jsonb NOT NULL,
      stage text NOT NULL CHECK (stage IN ('negotiation', 'mediation', 'arbitration', 'litigation', 'settled', 'closed')),
      stage_since timestamptz NOT NULL,
      deadlines jsonb NOT NULL DEFAULT '[]',
      currency text NOT NULL,
      claimed_minor bigint,
      claim jsonb,
      offered_minor bigint,
      agreed_minor bigint,
      recovered_minor bigint NOT NULL DEFAULT 0,
      settlement jsonb,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, matter_id),
      UNIQUE (tenant_id, number)
    );
    CREATE INDEX dispute_matters_open ON dispute_matters (tenant_id, updated_at DESC) WHERE stage <> 'closed';

    CREATE TABLE matter_links (
      tenant_id uuid NOT NULL,
      matter_id uuid NOT NULL,
      link_type text NOT NULL CHECK (link_type IN ('case', 'notice', 'supplier_request', 'cost_line')),
      link_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, matter_id, link_type, link_id)
    );
  `.execute(db);
}

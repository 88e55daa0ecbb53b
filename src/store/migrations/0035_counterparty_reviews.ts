// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Escalation ladders and counterparty reviews (issue 16).
 *
 * - `escalation_contacts`: who the brand contacts at each level of a supplier's or partner's
 *   ladder (service manager, management, legal), in the order given.
 * - `counterparty_reviews`: a saved scorecard of one counterparty for one period, with the previous
 *   period's figures beside it, notes and follow-ups.
 * - The indexes that bound the scorecard's and the ladder's reads to one counterparty and one
 *   period: failures opened in a period, a party's deadline clocks by kind and start, a partner's
 *   commitment clocks by start, matters by counterparty, recovery claims by supplier, warranty
 *   claims by partner and submission.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE escalation_contacts (
      tenant_id uuid NOT NULL,
      party_id uuid NOT NULL,
      position integer NOT NULL CHECK (position >= 0),
      level text NOT NULL CHECK (level IN ('service_manager', 'management', 'legal')),
      name text NOT NULL,
      title text NOT NULL,
      email text,
      phone text,
      languages text[] NOT NULL DEFAULT '{}',
      updated_by uuid,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, party_id, position),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );

    CREATE TABLE counterparty_reviews (
      tenant_id uuid NOT NULL,
      review_id uuid NOT NULL,
      number text NOT NULL,
      party_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('supplier', 'partner')),
      agreement_id text,
      period_from date NOT NULL,
      period_to date NOT NULL,
      previous_from date NOT NULL,
      previous_to date NOT NULL,
      currency text NOT NULL,
      figures jsonb NOT NULL,
      previous_figures jsonb NOT NULL,
      failures_by_part jsonb NOT NULL,
      notes text NOT NULL DEFAULT '',
      follow_ups jsonb NOT NULL DEFAULT '[]',
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, review_id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id),
      CHECK (period_from <= period_to)
    );
    CREATE INDEX counterparty_reviews_by_party ON counterparty_reviews (tenant_id, party_id, period_from DESC);

    CREATE INDEX cases_failures_opened ON cases (tenant_id, opened_at)
      WHERE failure IS NOT NULL AND merged_into_case_id IS NULL;
    CREATE INDEX deadline_clocks_by_party ON deadline_clocks (tenant_id, party_id, kind, started_at);
    CREATE INDEX case_clocks_commitments_by ON case_clocks (tenant_id, owed_by, started_at)
      WHERE side = 'commitment';
    CREATE INDEX dispute_matters_by_counterparty ON dispute_matters (tenant_id, counterparty_party_id, opened_at);
    CREATE INDEX recovery_claims_by_supplier ON recovery_claims (tenant_id, supplier_party_id, created_at);
    CREATE INDEX warranty_claims_by_partner_submitted ON warranty_claims (tenant_id, partner_party_id, submitted_at);
  `.execute(db);
}

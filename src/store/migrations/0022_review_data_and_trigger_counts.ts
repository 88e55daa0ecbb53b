// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The terms review's data kept per tenant (installed base, part costs, failure rates, rates and
 * assumptions) so a review without data given uses what the tenant stated last, with who changed
 * it and when; and the indexes that let a case's opening count the management triggers' facts
 * (complaints and returns by one customer or through one distributor within a period) without
 * scanning the tenant's cases.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE review_data (
      tenant_id uuid NOT NULL PRIMARY KEY REFERENCES tenants (tenant_id),
      data jsonb NOT NULL,
      revision integer NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid
    );
    CREATE INDEX cases_by_customer_kind ON cases (tenant_id, customer_party_id, kind, opened_at);
    CREATE INDEX cases_by_seller_kind ON cases (tenant_id, seller_party_id, kind, opened_at)
      WHERE seller_party_id IS NOT NULL;
  `.execute(db);
}

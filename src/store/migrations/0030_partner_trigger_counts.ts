// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The indexes that let the management triggers count a service partner's non-performance without
 * scanning what grows: the cases it declined within a period, the commitment targets it missed
 * within a period, and the defective parts it holds past their return deadline. And the
 * knowledge base's article reads by customers (one row per article, customer and day), so articles
 * are ranked by the cases they prevented: a read followed by no case of that customer in 7 days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX case_partner_responses_declined ON case_partner_responses (tenant_id, party_id, created_at)
      WHERE decision = 'declined';
    CREATE INDEX case_clocks_missed_by ON case_clocks (tenant_id, owed_by, breach_recorded_at)
      WHERE side = 'commitment' AND breach_recorded_at IS NOT NULL;
    CREATE INDEX deadline_clocks_overdue_by ON deadline_clocks (tenant_id, party_id)
      WHERE kind = 'defective_return' AND breached_at IS NOT NULL AND stopped_at IS NULL;
    CREATE TABLE kb_article_reads (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      article_id uuid NOT NULL,
      customer_party_id uuid NOT NULL,
      read_on date NOT NULL,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, article_id, customer_party_id, read_on)
    );
    CREATE INDEX kb_article_reads_by_time ON kb_article_reads (tenant_id, read_at);
  `.execute(db);
}

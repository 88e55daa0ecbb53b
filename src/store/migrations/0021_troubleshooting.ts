// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Guided troubleshooting, deflection and satisfaction. Troubleshooting trees per tenant, every
 * version kept (a walk names the version it followed); walks with their steps; "did this help?"
 * answers on articles and trees, with a per-subject tally kept in the same transaction; one
 * satisfaction survey per resolved case, reached by the hash of the token in its link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE troubleshooting_trees (
      tenant_id uuid NOT NULL,
      key text NOT NULL,
      version integer NOT NULL,
      product_id uuid NOT NULL,
      fault_code text NOT NULL,
      spec jsonb NOT NULL,
      source_name text NOT NULL,
      imported_at timestamptz NOT NULL,
      imported_by_user_id uuid,
      PRIMARY KEY (tenant_id, key, version),
      FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, product_id)
    );
    CREATE INDEX troubleshooting_trees_by_fault ON troubleshooting_trees (tenant_id, product_id, fault_code);

    CREATE TABLE troubleshooting_walks (
      tenant_id uuid NOT NULL,
      walk_id uuid NOT NULL,
      tree_key text NOT NULL,
      tree_version integer NOT NULL,
      product_id uuid NOT NULL,
      channel text NOT NULL,
      started_by_user_id uuid NOT NULL,
      -- Whose walk it is: the customer walking in the portal, or the case's/unit's customer.
      customer_party_id uuid,
      unit_id uuid,
      -- The case the agent walked from, or the case the end opened.
      case_id uuid,
      at_node text NOT NULL,
      steps jsonb NOT NULL,
      outcome text,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      PRIMARY KEY (tenant_id, walk_id),
      FOREIGN KEY (tenant_id, tree_key, tree_version) REFERENCES troubleshooting_trees (tenant_id, key, version)
    );
    -- The dashboard's deflection: the period's solved walks not made from a case (a walk from a
    -- case deflects nothing: the case is there).
    CREATE INDEX troubleshooting_walks_solved ON troubleshooting_walks (tenant_id, ended_at)
      INCLUDE (customer_party_id, product_id) WHERE outcome = 'solved' AND case_id IS NULL;
    -- The dashboard's walks per guide: the period's ended walks.
    CREATE INDEX troubleshooting_walks_ended ON troubleshooting_walks (tenant_id, ended_at)
      INCLUDE (tree_key, outcome) WHERE outcome IS NOT NULL;
    CREATE INDEX troubleshooting_walks_by_case ON troubleshooting_walks (tenant_id, case_id)
      WHERE case_id IS NOT NULL;
    -- "A case from that customer within 7 days": the customer's cases by opening time.
    CREATE INDEX cases_by_customer_opened ON cases (tenant_id, customer_party_id, opened_at);

    CREATE TABLE knowledge_feedback (
      tenant_id uuid NOT NULL,
      feedback_id uuid NOT NULL,
      subject text NOT NULL,
      key text NOT NULL,
      helpful boolean NOT NULL,
      user_id uuid,
      party_id uuid,
      walk_id uuid,
      given_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, feedback_id)
    );
    CREATE UNIQUE INDEX knowledge_feedback_once_per_walk ON knowledge_feedback (tenant_id, walk_id)
      WHERE walk_id IS NOT NULL;
    -- Kept with each answer: the ranking reads one row per article or tree.
    CREATE TABLE knowledge_helpfulness (
      tenant_id uuid NOT NULL,
      subject text NOT NULL,
      key text NOT NULL,
      helpful integer NOT NULL,
      not_helpful integer NOT NULL,
      PRIMARY KEY (tenant_id, subject, key)
    );
    CREATE INDEX knowledge_helpfulness_rank ON knowledge_helpfulness (tenant_id, subject, helpful DESC);

    CREATE TABLE case_surveys (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      -- sha256 of the token in the link: the survey row alone does not open the survey (the
      -- outbox keeps the mail it was sent in, as it keeps every mail).
      token_hash text NOT NULL,
      sent_at timestamptz NOT NULL,
      product_id uuid,
      partner_party_id uuid,
      agent_user_id uuid,
      score smallint CHECK (score BETWEEN 1 AND 5),
      comment text,
      answered_at timestamptz,
      PRIMARY KEY (tenant_id, case_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX case_surveys_by_token ON case_surveys (token_hash);
    -- The dashboard reads a period's answers with what they are grouped by, from the index alone.
    CREATE INDEX case_surveys_answered ON case_surveys (tenant_id, answered_at)
      INCLUDE (score, product_id, partner_party_id, agent_user_id) WHERE answered_at IS NOT NULL;
  `.execute(db);
}

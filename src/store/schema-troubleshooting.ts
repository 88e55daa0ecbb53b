import type { ColumnType } from 'kysely';
import type { TroubleshootingTree, WalkStep } from '../domain/troubleshooting/index.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Guided troubleshooting, deflection and satisfaction (migration 0021_troubleshooting). */
export interface TroubleshootingTables {
  troubleshooting_trees: {
    tenant_id: string;
    key: string;
    version: number;
    product_id: string;
    fault_code: string;
    spec: ColumnType<TroubleshootingTree, string, string>;
    source_name: string;
    imported_at: Timestamp;
    imported_by_user_id: string | null;
  };
  troubleshooting_walks: {
    tenant_id: string;
    walk_id: string;
    tree_key: string;
    tree_version: number;
    product_id: string;
    channel: string;
    started_by_user_id: string;
    customer_party_id: string | null;
    unit_id: string | null;
    case_id: string | null;
    at_node: string;
    steps: ColumnType<WalkStep[], string, string>;
    outcome: string | null;
    started_at: Timestamp;
    ended_at: Timestamp | null;
  };
  knowledge_feedback: {
    tenant_id: string;
    feedback_id: string;
    subject: string;
    key: string;
    helpful: boolean;
    user_id: string | null;
    party_id: string | null;
    walk_id: string | null;
    given_at: Timestamp;
  };
  knowledge_helpfulness: {
    tenant_id: string;
    subject: string;
    key: string;
    helpful: number;
    not_helpful: number;
  };
  case_surveys: {
    tenant_id: string;
    case_id: string;
    token_hash: string;
    sent_at: Timestamp;
    product_id: string | null;
    partner_party_id: string | null;
    agent_user_id: string | null;
    score: number | null;
    comment: string | null;
    answered_at: Timestamp | null;
  };
}

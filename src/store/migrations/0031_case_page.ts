// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The case page and the portal's list (issue 14).
 *
 * - `case_messages.visibility` gains `brand`: a note for the brand's staff only. `internal` stays
 *   what it was, a note shared with the assigned partner (never the customer).
 * - `cases.last_reply_at` (the service side's newest public reply) and
 *   `cases.last_customer_message_at` (the customer's newest message), kept by the use case that
 *   writes messages, and `case_reads` (when a user last read a case): "unread" on every list is
 *   one primary-key read per listed case, never a walk over its messages.
 * - `canned_replies`: the tenant's saved answers, per language, inserted into a reply by staff.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE case_messages DROP CONSTRAINT case_messages_visibility_check;
    ALTER TABLE case_messages ADD CONSTRAINT case_messages_visibility_check
      CHECK (visibility IN ('public', 'internal', 'brand'));
    ALTER TABLE cases ADD COLUMN last_reply_at timestamptz, ADD COLUMN last_customer_message_at timestamptz;
    UPDATE cases SET last_reply_at = m.at
      FROM (SELECT tenant_id, case_id, max(created_at) AS at FROM case_messages
            WHERE direction = 'out' AND visibility = 'public' GROUP BY tenant_id, case_id) m
      WHERE m.tenant_id = cases.tenant_id AND m.case_id = cases.case_id;
    UPDATE cases SET last_customer_message_at = m.at
      FROM (SELECT tenant_id, case_id, max(created_at) AS at FROM case_messages
            WHERE direction = 'in' GROUP BY tenant_id, case_id) m
      WHERE m.tenant_id = cases.tenant_id AND m.case_id = cases.case_id;
    CREATE TABLE case_reads (
      tenant_id uuid NOT NULL,
      user_id uuid NOT NULL,
      case_id uuid NOT NULL,
      read_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, user_id, case_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id) ON DELETE CASCADE
    );
    CREATE TABLE canned_replies (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      reply_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      language text NOT NULL CHECK (language IN ('en', 'zh')),
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, reply_id),
      UNIQUE (tenant_id, language, title)
    );
  `.execute(db);
}

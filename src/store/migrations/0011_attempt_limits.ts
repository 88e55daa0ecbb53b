// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Counters for the limits on sign-in and sign-up, one row per limited thing (an e-mail, a client
 * address) in a fixed window. Each attempt bumps its counters in one INSERT … ON CONFLICT DO
 * UPDATE, which locks the row: attempts sent at once, to one process or several, are counted one
 * after the other, before any password is checked, so none slips past the limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attempt_limits (
      -- Always null: a sign-in or sign-up is limited before anyone knows which tenant it is for
      -- (like sign_in_attempts.tenant_id for an unknown e-mail).
      tenant_id uuid,
      -- What is limited: 'sign_in_email', 'sign_in_client' or 'sign_up_client'.
      scope text NOT NULL,
      -- The e-mail (lower case) or the client address.
      subject text NOT NULL,
      window_started_at timestamptz NOT NULL,
      attempts integer NOT NULL,
      PRIMARY KEY (scope, subject)
    );
    CREATE INDEX attempt_limits_by_window ON attempt_limits (window_started_at);
  `.execute(db);
}

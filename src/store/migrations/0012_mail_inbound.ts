// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * E-mail in: every mail received (over SMTP or fetched over IMAP) is one row, unique per tenant
 * by its Message-ID (or the SHA-256 of its raw bytes when it has none), so one mail never opens
 * two cases, however often it arrives. The row names what became of it: a case opened, a message
 * on a case, a triage entry, or dropped as an auto-reply, a bounce, a loop or a flood.
 * Bounces mark the address they name and the outbox row they answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mail_inbound (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      mail_id uuid NOT NULL,
      -- The Message-ID without angle brackets, lower case; 'sha256:<hex>' when the mail has none.
      message_key text NOT NULL,
      via text NOT NULL CHECK (via IN ('smtp', 'imap')),
      from_address text,
      subject text NOT NULL,
      received_at timestamptz NOT NULL,
      raw_sha256 text,
      outcome text NOT NULL CHECK (outcome IN
        ('case_opened', 'case_message', 'triage', 'auto_reply', 'bounce', 'loop', 'flood')),
      reason text,
      case_id uuid,
      evidence_seq bigint,
      authentication jsonb NOT NULL,
      -- Triage: 'open' until an agent assigns it to a case or discards it.
      triage_state text CHECK (triage_state IN ('open', 'assigned', 'discarded')),
      triaged_by_user_id uuid,
      triaged_at timestamptz,
      PRIMARY KEY (tenant_id, mail_id),
      UNIQUE (tenant_id, message_key)
    );
    -- The flood limit counts one sender's mail in a window.
    CREATE INDEX mail_inbound_by_sender ON mail_inbound (tenant_id, from_address, received_at);
    -- The triage list: open entries, oldest first.
    CREATE INDEX mail_inbound_triage ON mail_inbound (tenant_id, received_at, mail_id)
      WHERE triage_state = 'open';
    -- The dossier lists the mail of a case.
    CREATE INDEX mail_inbound_by_case ON mail_inbound (tenant_id, case_id, received_at)
      WHERE case_id IS NOT NULL;

    -- Addresses a bounce said cannot be delivered to (the delivery worker skips them).
    CREATE TABLE mail_bounced_addresses (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      address text NOT NULL,
      bounced_at timestamptz NOT NULL,
      status text,
      mail_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, address)
    );

    ALTER TABLE outbox ADD COLUMN bounced_at timestamptz;
    ALTER TABLE outbox ADD COLUMN bounce_mail_id uuid;

    -- A sender found among a tenant's contacts (parties' e-mail) without a scan.
    CREATE INDEX parties_by_email ON parties (tenant_id, lower(email)) WHERE email IS NOT NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0012_mail_inbound cannot be rolled back: restore a backup instead');
}

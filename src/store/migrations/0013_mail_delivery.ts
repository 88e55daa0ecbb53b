// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Delivery of the outbox: e-mail to people and webhooks to integrations.
 *
 * The outbox row stays what the use case wrote (one notification); the delivery worker hands it
 * out (`outbox.sent_at` = handed to the queues below) into one row per recipient user
 * (`mail_deliveries`) and one per webhook subscription (`webhook_deliveries`). Each of those is
 * claimed with FOR UPDATE SKIP LOCKED, marked `sending` before the send and `sent` after it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The case a notification is about (threading, Message-ID) and a single recipient user when
    -- the writer names one (the owner of a case); older rows carry the case in their payload.
    ALTER TABLE outbox ADD COLUMN case_id uuid;
    ALTER TABLE outbox ADD COLUMN recipient_user_id uuid;

    CREATE TABLE mail_deliveries (
      tenant_id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      outbox_message_id uuid NOT NULL,
      kind text NOT NULL,
      case_id uuid,
      user_id uuid NOT NULL,
      address text NOT NULL,
      locale text NOT NULL CHECK (locale IN ('en', 'zh')),
      -- <sb.{caseId|none}.{outboxMessageId}@{MAIL_DOMAIN}>: the same for every recipient of one notification.
      message_id_header text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      sending_since timestamptz,
      last_error text,
      sent_at timestamptz,
      -- SHA-256 of the exact bytes handed to SMTP (after DKIM signing).
      sha256 text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, delivery_id),
      UNIQUE (tenant_id, outbox_message_id, user_id)
    );
    CREATE INDEX mail_deliveries_due ON mail_deliveries (next_attempt_at) WHERE state = 'queued';
    CREATE INDEX mail_deliveries_sending ON mail_deliveries (sending_since) WHERE state = 'sending';
    CREATE INDEX mail_deliveries_failed ON mail_deliveries (tenant_id, created_at) WHERE state = 'failed';
    -- The case's previous mail, for In-Reply-To / References.
    CREATE INDEX mail_deliveries_by_case ON mail_deliveries (tenant_id, case_id, created_at) WHERE case_id IS NOT NULL;

    CREATE TABLE notification_preferences (
      tenant_id uuid NOT NULL,
      user_id uuid NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'none')),
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, user_id, kind)
    );

    CREATE TABLE webhook_subscriptions (
      tenant_id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      kinds jsonb NOT NULL,
      description text NOT NULL DEFAULT '',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, subscription_id)
    );

    CREATE TABLE webhook_deliveries (
      tenant_id uuid NOT NULL,
      delivery_id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      outbox_message_id uuid NOT NULL,
      kind text NOT NULL,
      body text NOT NULL,
      state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      sending_since timestamptz,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, delivery_id),
      UNIQUE (tenant_id, subscription_id, outbox_message_id),
      FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, subscription_id) ON DELETE CASCADE
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'queued';
    CREATE INDEX webhook_deliveries_sending ON webhook_deliveries (sending_since) WHERE state = 'sending';
    CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, subscription_id, created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0013_mail_delivery cannot be rolled back: restore a backup instead');
}

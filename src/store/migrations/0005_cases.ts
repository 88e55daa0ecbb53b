// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Case numbers people say on the phone: C-000123, counted per tenant without gaps.
    CREATE TABLE case_counters (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (tenant_id),
      last integer NOT NULL
    );

    CREATE TABLE cases (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('inquiry', 'repair', 'field_visit', 'return', 'complaint')),
      severity text NOT NULL CHECK (severity IN ('critical', 'high', 'normal', 'low')),
      state text NOT NULL CHECK (state IN ('new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed')),
      customer_party_id uuid NOT NULL,
      unit_id uuid,
      description text NOT NULL,
      channel text NOT NULL,
      site_not_accessible boolean NOT NULL DEFAULT false,
      assigned_user_id uuid,
      service_party_id uuid,
      -- The entitlement decision at opening (or after a diagnosis), with the clauses it rests on.
      decision jsonb,
      opened_at timestamptz NOT NULL,
      opened_by_user_id uuid,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id),
      UNIQUE (tenant_id, number),
      FOREIGN KEY (tenant_id, customer_party_id) REFERENCES parties (tenant_id, party_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, service_party_id) REFERENCES parties (tenant_id, party_id)
    );
    CREATE INDEX cases_by_customer ON cases (tenant_id, customer_party_id);
    CREATE INDEX cases_by_service_party ON cases (tenant_id, service_party_id);
    CREATE INDEX cases_by_unit ON cases (tenant_id, unit_id);

    CREATE TABLE case_clocks (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      clock_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('promise', 'commitment')),
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      owed_by text NOT NULL,
      ref text,
      target text NOT NULL CHECK (target IN ('response', 'onsite', 'resolution')),
      duration text NOT NULL,
      clock_type text NOT NULL CHECK (clock_type IN ('business', 'calendar')),
      calendar_key text,
      calendar_version integer,
      pause_while text[] NOT NULL,
      target_seconds integer NOT NULL,
      started_at bigint NOT NULL,
      -- [{ "from": epoch seconds, "to": epoch seconds or null while it lasts }]
      pauses jsonb NOT NULL,
      stopped_at bigint,
      due_at bigint,
      status text NOT NULL CHECK (status IN ('running', 'paused', 'met', 'breached')),
      PRIMARY KEY (tenant_id, case_id, clock_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id)
    );
    CREATE INDEX case_clocks_due ON case_clocks (tenant_id, due_at) WHERE stopped_at IS NULL;

    CREATE TABLE case_messages (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      message_id uuid NOT NULL,
      direction text NOT NULL CHECK (direction IN ('in', 'out')),
      visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
      body text NOT NULL,
      author_user_id uuid,
      channel text NOT NULL,
      evidence_seq bigint NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id, message_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0005_cases cannot be rolled back: restore a backup instead');
}

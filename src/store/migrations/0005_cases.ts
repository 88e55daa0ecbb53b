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
      safety_issue boolean NOT NULL DEFAULT false,
      -- What the customer threatens, as the terms name it: media, regulator, legal_action.
      threats text[] NOT NULL DEFAULT '{}',
      failure jsonb,
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
      -- The worker's marks: when the warning and the breach were recorded (each exactly once),
      -- and the next instant it must look at this clock (null: nothing can happen until it resumes).
      warned_at bigint,
      breach_recorded_at bigint,
      next_check_at bigint,
      PRIMARY KEY (tenant_id, case_id, clock_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id)
    );
    CREATE INDEX case_clocks_due ON case_clocks (tenant_id, due_at) WHERE stopped_at IS NULL;
    -- Across tenants: the worker claims whatever is due, whoever it belongs to.
    CREATE INDEX case_clocks_next_check ON case_clocks (next_check_at) WHERE next_check_at IS NOT NULL;

    CREATE TABLE escalations (
      tenant_id uuid NOT NULL,
      escalation_id uuid NOT NULL,
      case_id uuid NOT NULL,
      level text NOT NULL CHECK (level IN ('supervisor', 'management', 'legal')),
      -- What raised it, as the terms write the rule: { "breached": "onsite" }, { "safety_issue": true }, ...
      trigger jsonb NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      ref text,
      act_within text,
      act_by timestamptz,
      state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
      raised_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      resolved_at timestamptz,
      resolved_by uuid,
      resolution text,
      PRIMARY KEY (tenant_id, escalation_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id)
    );
    -- One escalation per rule and case: a trigger seen twice does not raise it twice.
    CREATE UNIQUE INDEX escalations_once ON escalations (tenant_id, case_id, agreement_id, md5(trigger::text), level);

    -- Notifications waiting to be delivered (the e-mail channel delivers them later).
    CREATE TABLE outbox (
      tenant_id uuid NOT NULL,
      message_id uuid NOT NULL,
      kind text NOT NULL,
      recipient_party_id uuid,
      recipient_role text,
      subject_en text NOT NULL,
      subject_zh text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      sent_at timestamptz,
      PRIMARY KEY (tenant_id, message_id)
    );
    CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;

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

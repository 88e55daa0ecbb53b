// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/** The web pages' own records: partner answers, visit reports, unit registrations by customers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A service partner accepting or declining a case assigned to it, with its reason.
    CREATE TABLE case_partner_responses (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      response_id uuid NOT NULL,
      party_id uuid NOT NULL,
      decision text NOT NULL CHECK (decision IN ('accepted', 'declined')),
      reason text,
      user_id uuid NOT NULL,
      evidence_seq bigint NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id, response_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );

    -- What a technician did on site, signed by the customer on screen.
    CREATE TABLE visit_reports (
      tenant_id uuid NOT NULL,
      case_id uuid NOT NULL,
      report_id uuid NOT NULL,
      party_id uuid NOT NULL,
      arrived_at timestamptz NOT NULL,
      departed_at timestamptz,
      work_done text NOT NULL,
      parts_used jsonb NOT NULL,
      signed_by text NOT NULL,
      signature_sha256 text NOT NULL,
      photos jsonb NOT NULL,
      author_user_id uuid NOT NULL,
      evidence_seq bigint NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, case_id, report_id),
      FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, case_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );

    -- A customer registering a unit by serial, with proof of purchase kept as a blob.
    CREATE TABLE unit_registrations (
      tenant_id uuid NOT NULL,
      registration_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      party_id uuid NOT NULL,
      purchased_on date NOT NULL,
      proof_sha256 text NOT NULL,
      proof_name text NOT NULL,
      user_id uuid NOT NULL,
      evidence_seq bigint NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, registration_id),
      UNIQUE (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );
  `.execute(db);
}

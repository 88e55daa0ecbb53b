// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Field service (issue 17): customers' sites with the units standing there, technicians of a
 * partner or of the brand (skills with expiry, home base, territories, working calendar,
 * absences), appointments of a case's on-site visit, work orders (installation, maintenance),
 * and maintenance plans made from the terms' maintenance conditions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sites (
      tenant_id uuid NOT NULL,
      site_id uuid NOT NULL,
      customer_party_id uuid NOT NULL,
      name text NOT NULL,
      address_zh text NOT NULL,
      address_en text NOT NULL,
      district text NOT NULL,
      territory text NOT NULL,
      latitude double precision NOT NULL,
      longitude double precision NOT NULL,
      access_notes text NOT NULL DEFAULT '',
      opening_hours text NOT NULL DEFAULT '',
      contact_name text NOT NULL,
      contact_phone text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, site_id),
      FOREIGN KEY (tenant_id, customer_party_id) REFERENCES parties (tenant_id, party_id)
    );
    CREATE INDEX sites_by_customer ON sites (tenant_id, customer_party_id, site_id);

    ALTER TABLE units ADD COLUMN site_id uuid;
    CREATE INDEX units_by_site ON units (tenant_id, site_id) WHERE site_id IS NOT NULL;

    CREATE TABLE technicians (
      tenant_id uuid NOT NULL,
      technician_id uuid NOT NULL,
      party_id uuid NOT NULL,
      user_id uuid,
      name text NOT NULL,
      phone text NOT NULL,
      home_latitude double precision NOT NULL,
      home_longitude double precision NOT NULL,
      territories jsonb NOT NULL,
      calendar_key text NOT NULL,
      skills jsonb NOT NULL,
      absences jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, technician_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );
    CREATE INDEX technicians_by_party ON technicians (tenant_id, party_id, technician_id);
    CREATE UNIQUE INDEX technicians_by_user ON technicians (tenant_id, user_id) WHERE user_id IS NOT NULL;

    CREATE TABLE appointments (
      tenant_id uuid NOT NULL,
      appointment_id uuid NOT NULL,
      case_id uuid NOT NULL,
      technician_id uuid NOT NULL,
      site_id uuid NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      state text NOT NULL,
      chosen_by text NOT NULL,
      reschedules integer NOT NULL DEFAULT 0,
      reminded_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, appointment_id),
      FOREIGN KEY (tenant_id, technician_id) REFERENCES technicians (tenant_id, technician_id),
      FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, site_id)
    );
    CREATE INDEX appointments_by_technician ON appointments (tenant_id, technician_id, starts_at);
    CREATE INDEX appointments_by_case ON appointments (tenant_id, case_id);
    CREATE INDEX appointments_to_remind ON appointments (tenant_id, starts_at) WHERE state = 'booked' AND reminded_at IS NULL;

    CREATE TABLE work_orders (
      tenant_id uuid NOT NULL,
      work_order_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      kind text NOT NULL,
      state text NOT NULL,
      technician_id uuid,
      checklist jsonb NOT NULL,
      commissioning jsonb NOT NULL,
      signed_by text,
      signature_sha256 text,
      completed_on date,
      evidence_seq bigint,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, work_order_id)
    );
    CREATE INDEX work_orders_by_unit ON work_orders (tenant_id, unit_id);

    CREATE TABLE maintenance_plans (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      ref text NOT NULL,
      agreement_id text NOT NULL,
      agreement_version integer NOT NULL,
      every text NOT NULL,
      grace text,
      next_due_on date NOT NULL,
      suspends_after date NOT NULL,
      reminded_for date,
      warned_for date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, ref)
    );
    CREATE INDEX maintenance_plans_due ON maintenance_plans (tenant_id, next_due_on);
  `.execute(db);
}

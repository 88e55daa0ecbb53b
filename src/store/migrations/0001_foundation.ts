// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
// (migrations.test.ts compares its SHA-256 with the one recorded in frozen.json.)
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenants (
      tenant_id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE,
      name text NOT NULL,
      home_party_id uuid,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE parties (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      party_id uuid NOT NULL,
      key text NOT NULL,
      name text NOT NULL,
      name_zh text,
      roles text[] NOT NULL,
      country text,
      email text,
      phone text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, party_id),
      UNIQUE (tenant_id, key),
      CHECK (roles <@ ARRAY['brand', 'distributor', 'service_partner', 'supplier', 'customer']::text[])
    );
    CREATE INDEX parties_by_name ON parties (tenant_id, name, party_id);

    CREATE TABLE users (
      tenant_id uuid NOT NULL,
      user_id uuid NOT NULL,
      party_id uuid NOT NULL,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'manager', 'agent', 'technician', 'partner', 'customer', 'counsel')),
      locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'zh')),
      password_hash text,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, user_id),
      FOREIGN KEY (tenant_id, party_id) REFERENCES parties (tenant_id, party_id)
    );
    -- One e-mail signs in to one account, whatever the tenant.
    CREATE UNIQUE INDEX users_by_email ON users (lower(email));
    CREATE INDEX users_by_party ON users (tenant_id, party_id);

    CREATE TABLE sessions (
      tenant_id uuid NOT NULL,
      session_hash text NOT NULL,
      user_id uuid NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, session_hash),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX sessions_by_hash ON sessions (session_hash);

    CREATE TABLE api_tokens (
      tenant_id uuid NOT NULL,
      token_id uuid NOT NULL,
      user_id uuid NOT NULL,
      name text NOT NULL,
      secret_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, token_id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX api_tokens_by_id ON api_tokens (token_id);

    CREATE TABLE sign_in_attempts (
      attempt_id bigint GENERATED ALWAYS AS IDENTITY,
      tenant_id uuid,
      email text NOT NULL,
      client text NOT NULL,
      succeeded boolean NOT NULL,
      attempted_at timestamptz NOT NULL,
      PRIMARY KEY (attempt_id)
    );
    CREATE INDEX sign_in_attempts_by_email ON sign_in_attempts (lower(email), attempted_at);
    CREATE INDEX sign_in_attempts_by_client ON sign_in_attempts (client, attempted_at);

    CREATE TABLE products (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      product_id uuid NOT NULL,
      model text NOT NULL,
      name text NOT NULL,
      name_zh text,
      part_categories text[] NOT NULL,
      end_of_production date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, product_id),
      UNIQUE (tenant_id, model)
    );

    CREATE TABLE product_parts (
      tenant_id uuid NOT NULL,
      product_id uuid NOT NULL,
      part_number text NOT NULL,
      part_category text NOT NULL,
      name text NOT NULL,
      quantity integer NOT NULL CHECK (quantity > 0),
      PRIMARY KEY (tenant_id, product_id, part_number),
      FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, product_id) ON DELETE CASCADE
    );

    CREATE TABLE units (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      serial text NOT NULL,
      product_id uuid NOT NULL,
      owner_party_id uuid NOT NULL,
      seller_party_id uuid,
      service_party_id uuid,
      territory text NOT NULL,
      sold_on date,
      delivered_on date,
      installed_on date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, unit_id),
      UNIQUE (tenant_id, serial),
      FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, product_id),
      FOREIGN KEY (tenant_id, owner_party_id) REFERENCES parties (tenant_id, party_id),
      FOREIGN KEY (tenant_id, seller_party_id) REFERENCES parties (tenant_id, party_id),
      FOREIGN KEY (tenant_id, service_party_id) REFERENCES parties (tenant_id, party_id)
    );
    CREATE INDEX units_by_owner ON units (tenant_id, owner_party_id);
    CREATE INDEX units_by_seller ON units (tenant_id, seller_party_id);
    CREATE INDEX units_by_service_party ON units (tenant_id, service_party_id);

    CREATE TABLE unit_maintenance (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      performed_on date NOT NULL,
      PRIMARY KEY (tenant_id, unit_id, performed_on),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id) ON DELETE CASCADE
    );

    CREATE TABLE unit_parts (
      tenant_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      position integer NOT NULL,
      part_number text NOT NULL,
      part_category text NOT NULL,
      serial text,
      supplier_party_id uuid,
      delivered_on date,
      PRIMARY KEY (tenant_id, unit_id, position),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, unit_id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, supplier_party_id) REFERENCES parties (tenant_id, party_id)
    );

    CREATE TABLE blobs (
      tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size bigint NOT NULL,
      media_type text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, sha256)
    );

    CREATE TABLE documents (
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('terms', 'calendar', 'claim')),
      doc_key text NOT NULL,
      version integer NOT NULL,
      title text NOT NULL,
      source_name text NOT NULL,
      source_sha256 text NOT NULL,
      media_type text NOT NULL,
      loaded_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, document_id),
      UNIQUE (tenant_id, kind, doc_key, version),
      FOREIGN KEY (tenant_id, source_sha256) REFERENCES blobs (tenant_id, sha256)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0001_foundation cannot be rolled back: restore a backup instead');
}

// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Appends without a tenant-wide lock (issue 13). Until now an entry took its number and its
 * previous hash under the tenant's chain head row, locked until commit, and the case number under
 * the tenant's counter row: the tenant's writers queued one transaction at a time.
 *
 * - Numbers come from a sequence per tenant (`servicebook_evidence_<tenant>` for entries,
 *   `servicebook_case_no_<tenant>` for case numbers), made when the tenant is made and, for the
 *   tenants already here, now, starting after what they hold. A sequence hands out numbers without
 *   waiting; a transaction that rolls back leaves its numbers unused.
 * - An entry is written with its number and its header without `seq` and `prevHash` (`material`
 *   holds that draft), and `prev_hash` and `hash` empty. The sequencer (src/app/evidence/
 *   sequence-log.ts) completes the entries in number order: it writes the full header, the previous
 *   hash and the hash, and records an unused number as an entry of its own, so the chain stays
 *   gapless. The trigger below allows that completion once and nothing else: the draft must stay
 *   the same header, and the hash must be the SHA-256 of the material.
 * - `timeline_heads` is now the head the sequencer has chained to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE timeline_entries ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;

    CREATE FUNCTION servicebook_tenant_sequences(t uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      key text := replace(t::text, '-', '');
      entries bigint := coalesce((SELECT max(seq) FROM timeline_entries WHERE tenant_id = t), 0);
      cases bigint := coalesce((SELECT last FROM case_counters WHERE tenant_id = t), 0);
    BEGIN
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint MINVALUE 1 START WITH %s',
        'servicebook_evidence_' || key, entries + 1);
      EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint MINVALUE 1 START WITH %s',
        'servicebook_case_no_' || key, cases + 1);
    END
    $$;

    CREATE FUNCTION tenant_sequences_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM servicebook_tenant_sequences(NEW.tenant_id);
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER tenant_sequences_on_insert AFTER INSERT ON tenants
      FOR EACH ROW EXECUTE FUNCTION tenant_sequences_on_insert();
    SELECT servicebook_tenant_sequences(tenant_id) FROM tenants;

    -- The next number of a tenant's evidence record and of its cases.
    CREATE FUNCTION servicebook_next_entry_seq(t uuid) RETURNS bigint LANGUAGE sql VOLATILE AS $$
      SELECT nextval(('servicebook_evidence_' || replace(t::text, '-', ''))::regclass)
    $$;
    CREATE FUNCTION servicebook_next_case_number(t uuid) RETURNS bigint LANGUAGE sql VOLATILE AS $$
      SELECT nextval(('servicebook_case_no_' || replace(t::text, '-', ''))::regclass)
    $$;
    -- After a bulk load that numbered its own entries and cases (the benchmarks' generator).
    CREATE FUNCTION servicebook_restart_sequences(t uuid, last_case_number bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      key text := replace(t::text, '-', '');
      last_entry bigint := coalesce((SELECT max(seq) FROM timeline_entries WHERE tenant_id = t), 0);
    BEGIN
      PERFORM setval(('servicebook_evidence_' || key)::regclass, greatest(last_entry, 1), last_entry > 0);
      PERFORM setval(('servicebook_case_no_' || key)::regclass, greatest(last_case_number, 1), last_case_number > 0);
    END
    $$;

    -- Entries stay append-only, with two exceptions: a redaction's payload (migration 0024; of an
    -- entry not yet chained, too: its hash covers the payload's commit form, which erasure keeps), and
    -- the sequencer's completion of an entry written without its link: once, the same header with
    -- seq and prevHash added, the hash being the material's SHA-256.
    CREATE OR REPLACE FUNCTION refuse_entry_change_but_redaction() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
        AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq AND NEW.material = OLD.material
        AND NEW.hash IS NOT DISTINCT FROM OLD.hash AND NEW.prev_hash IS NOT DISTINCT FROM OLD.prev_hash
        AND NEW.entry_type = OLD.entry_type
        AND NEW.subject_type = OLD.subject_type AND NEW.subject_id = OLD.subject_id
        AND NEW.recorded_at = OLD.recorded_at
        AND EXISTS (SELECT 1 FROM evidence_redactions r
                    WHERE r.tenant_id = NEW.tenant_id AND r.seq = NEW.seq
                      AND r.payload_sha256 = encode(sha256(convert_to(NEW.payload, 'UTF8')), 'hex'))
      THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.prev_hash IS NULL
        AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
        AND NEW.tenant_id = OLD.tenant_id AND NEW.seq = OLD.seq AND NEW.payload = OLD.payload
        AND NEW.entry_type = OLD.entry_type AND NEW.subject_type = OLD.subject_type
        AND NEW.subject_id = OLD.subject_id AND NEW.recorded_at = OLD.recorded_at
        AND (NEW.material::jsonb - 'seq' - 'prevHash') = OLD.material::jsonb
        AND (NEW.material::jsonb ->> 'seq')::bigint = NEW.seq
        AND NEW.material::jsonb ->> 'prevHash' = NEW.prev_hash
        AND NEW.hash = encode(sha256(convert_to(NEW.material, 'UTF8')), 'hex')
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'the evidence record is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END
    $$;

    -- The entries the sequencer has still to chain, found without reading the chained ones.
    CREATE INDEX timeline_entries_unchained ON timeline_entries (tenant_id, seq) WHERE hash IS NULL;
  `.execute(db);
}

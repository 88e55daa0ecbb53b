// FROZEN once shipped: never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The evidence log as an RFC 9162 Merkle tree per tenant, over the entries of `timeline_entries`
 * in `seq` order (leaf i is entry seq i+1, its leaf hash SHA-256(0x00 || material)).
 *
 * - `evidence_logs`: how far the tree has integrated the entries (`tree_size`, `root_hash`), and
 *   the sequencer's lease: one holder at a time per tenant, until `lease_expires_at`; any server
 *   may take an expired lease.
 * - `evidence_log_nodes`: the hash of every perfect subtree (level L, index i covers the entries
 *   [i·2^L, (i+1)·2^L)); an inclusion or consistency proof reads O(log n) of them.
 * - `evidence_tree_heads`: signed tree heads (Ed25519 over RFC 8785 text), with the RFC 3161
 *   timestamp token of the head when a time-stamping authority is configured.
 *
 * The existing chain needs no copying: the sequencer's first run integrates it from entry 1, so
 * the history recorded before this migration is in the tree like everything after.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE evidence_logs (
      tenant_id uuid PRIMARY KEY,
      tree_size bigint NOT NULL,
      root_hash text NOT NULL,
      lease_holder text,
      lease_expires_at timestamptz
    );
    CREATE TABLE evidence_log_nodes (
      tenant_id uuid NOT NULL,
      level smallint NOT NULL,
      idx bigint NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (tenant_id, level, idx)
    );
    CREATE TABLE evidence_tree_heads (
      tenant_id uuid NOT NULL,
      tree_size bigint NOT NULL,
      root_hash text NOT NULL,
      signed_at text NOT NULL,
      key_fingerprint text NOT NULL,
      public_key text NOT NULL,
      signature text NOT NULL,
      -- RFC 3161 TimeStampResp token (DER, base64) over SHA-256 of the signed text; null without a TSA.
      timestamp_token text,
      PRIMARY KEY (tenant_id, tree_size)
    );
    -- Verification compares each message row with its entry, a batch of entries at a time.
    CREATE INDEX case_messages_by_evidence_seq ON case_messages (tenant_id, evidence_seq);
  `.execute(db);
}

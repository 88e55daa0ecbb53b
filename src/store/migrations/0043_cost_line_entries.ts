// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Each cost line names the evidence entry that recorded it (issue 13, "what the API shows is what
 * the record says"), as a message does: verification reads the lines of an entry by that
 * reference (an index, not a scan), so a line the operator slipped in under an entry that does not
 * list it is named. Lines already on the record get the `cost.lines_written` entry that lists
 * them; lines written before those entries existed keep none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cost_lines ADD COLUMN evidence_seq bigint;
    UPDATE cost_lines c SET evidence_seq = r.seq
      FROM (
        SELECT e.tenant_id, e.seq, (line ->> 'id')::uuid AS line_id
          FROM timeline_entries e, jsonb_array_elements(e.payload::jsonb -> 'lines') AS line
         WHERE e.entry_type = 'cost.lines_written'
      ) r
     WHERE c.tenant_id = r.tenant_id AND c.line_id = r.line_id;
    CREATE INDEX cost_lines_by_entry ON cost_lines (tenant_id, evidence_seq) WHERE evidence_seq IS NOT NULL;
  `.execute(db);
}

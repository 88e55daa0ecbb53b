// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The queue's search over the open cases only (issue 14). The queue first asks how many open cases
 * match (at most a few thousand): through `cases_search` (migration 0025) that read fetched every
 * match of every state — one case in six for two common English words, most of them resolved or
 * closed long ago — and then dropped the ones not open. A GIN index of the open cases' search
 * documents (the predicate of the queue's indexes, migration 0015) holds only what the queue can
 * list, so the read stays the size of the open cases, not of the years of history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX cases_search_open ON cases USING gin (search_doc)
      WHERE state NOT IN ('resolved', 'closed');
  `.execute(db);
}

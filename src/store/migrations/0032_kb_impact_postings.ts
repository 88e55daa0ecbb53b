// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * Knowledge-base search whose cost does not grow with the number of articles (issue 19).
 *
 * `kb_postings.impact` is a posting's BM25 term-frequency part at a fixed reference length
 * (`postingImpact` in src/domain/knowledge/rank.ts: k1 = 1.2, b = 0.75, reference length 100),
 * written with the posting. `kb_postings_by_impact` keeps each term's postings ordered by it, so
 * a query reads a bounded top-K of each of its terms (best contributions first) instead of every
 * posting of a common word, and completes only a bounded set of candidates by primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE kb_postings ADD COLUMN impact real;
    UPDATE kb_postings
      SET impact = (tf * 2.2) / (tf + 1.2 * (0.25 + 0.75 * doc_length / 100.0));
    ALTER TABLE kb_postings ALTER COLUMN impact SET NOT NULL;
    CREATE INDEX kb_postings_by_impact
      ON kb_postings (tenant_id, term, impact DESC, article_id, lang) INCLUDE (tf, doc_length);
  `.execute(db);
}

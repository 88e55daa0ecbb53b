// FROZEN: this migration has run on databases in the field. Never edit it; add a new one.
import { type Kysely, sql } from 'kysely';

/**
 * The knowledge base (issue 19, articles and search). An article holds its working texts (English
 * and Chinese, each its own) and its state; every published version is a row of its own that is
 * never changed (what a customer was told on a date is evidence). Search is an inverted index in
 * the database, keyed by (tenant_id, term), holding the newest published version's terms; a
 * table of one-deletion variants of each term finds words typed with one letter wrong.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kb_articles (
      tenant_id uuid NOT NULL,
      article_id uuid NOT NULL,
      key text NOT NULL,
      state text NOT NULL CHECK (state IN ('draft', 'review', 'published', 'archived')),
      visibility text NOT NULL CHECK (visibility IN ('public', 'product_customers', 'partners', 'internal')),
      product_ids uuid[] NOT NULL DEFAULT '{}',
      part_categories text[] NOT NULL DEFAULT '{}',
      -- [{ "model": "CH-900", "code": "E12" }]: a fault code means something only on its model.
      fault_codes jsonb NOT NULL DEFAULT '[]',
      error_messages text[] NOT NULL DEFAULT '{}',
      troubleshooting_tree_key text,
      -- { "en": { "title", "summary", "body" } | null, "zh": ... }: the working copy.
      texts jsonb NOT NULL,
      files jsonb NOT NULL DEFAULT '[]',
      live_version integer,
      -- When the first published version became (or becomes) visible; null until published.
      visible_from timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, article_id)
    );
    CREATE UNIQUE INDEX kb_articles_by_key ON kb_articles (tenant_id, key);
    CREATE INDEX kb_articles_by_updated ON kb_articles (tenant_id, updated_at DESC, article_id);

    CREATE TABLE kb_article_versions (
      tenant_id uuid NOT NULL,
      article_id uuid NOT NULL,
      version integer NOT NULL,
      -- Everything the reader saw: texts, files, visibility, products, fault codes.
      content jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      published_by_user_id uuid,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, article_id, version),
      FOREIGN KEY (tenant_id, article_id) REFERENCES kb_articles (tenant_id, article_id)
    );

    CREATE TABLE kb_postings (
      tenant_id uuid NOT NULL,
      term text NOT NULL,
      article_id uuid NOT NULL,
      lang text NOT NULL,
      tf real NOT NULL,
      -- The (article, language) document's length, carried on each posting so that ranking needs
      -- no second lookup per candidate.
      doc_length real NOT NULL,
      PRIMARY KEY (tenant_id, term, article_id, lang)
    );
    CREATE INDEX kb_postings_by_article ON kb_postings (tenant_id, article_id);

    -- BM25 needs the number of documents and their average length: kept, not counted per query.
    CREATE TABLE kb_index_stats (
      tenant_id uuid PRIMARY KEY,
      documents integer NOT NULL,
      total_length double precision NOT NULL
    );

    -- How many (article, language) documents hold each term: a query reads a frequent term's
    -- postings only for the documents its rarer terms found.
    CREATE TABLE kb_term_stats (
      tenant_id uuid NOT NULL,
      term text NOT NULL,
      df integer NOT NULL,
      PRIMARY KEY (tenant_id, term)
    );

    CREATE TABLE kb_term_variants (
      tenant_id uuid NOT NULL,
      variant text NOT NULL,
      term text NOT NULL,
      PRIMARY KEY (tenant_id, variant, term)
    );

    CREATE TABLE kb_synonym_groups (
      tenant_id uuid NOT NULL,
      group_id uuid NOT NULL,
      terms text[] NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, group_id)
    );

    -- Similar resolved cases: a product's resolved cases by failure part category, newest first.
    CREATE INDEX cases_resolved_by_failure ON cases (tenant_id, (failure->>'partCategory'), updated_at DESC)
      WHERE state IN ('resolved', 'closed') AND merged_into_case_id IS NULL;
  `.execute(db);
}

import type { Kysely } from 'kysely';
import {
  type ArticleContent,
  deletionVariants,
  indexDocuments,
  postingImpact,
  typoTolerant,
} from '../../domain/knowledge/index.ts';
import type { Database } from '../../store/schema.ts';

/** Rows per INSERT: large enough to write an article in a few statements, small for the bind limit. */
const BATCH = 1000;

/**
 * Puts an article's published content in the inverted index in the caller's transaction, in place
 * of what the index held for it, and keeps the tenant's document count and total length.
 */
export async function indexArticle(
  db: Kysely<Database>,
  tenantId: string,
  articleId: string,
  content: ArticleContent | null,
): Promise<void> {
  const oldPostings = await db
    .selectFrom('kb_postings')
    .select(['term', 'lang', 'doc_length'])
    .where('tenant_id', '=', tenantId)
    .where('article_id', '=', articleId)
    .execute();
  const old = [...new Map(oldPostings.map((p) => [p.lang, p])).values()];
  await db
    .deleteFrom('kb_postings')
    .where('tenant_id', '=', tenantId)
    .where('article_id', '=', articleId)
    .execute();
  const docs = content ? indexDocuments(content) : [];
  const rows = docs.flatMap((d) =>
    [...d.terms].map(([term, tf]) => ({
      tenant_id: tenantId,
      term,
      article_id: articleId,
      lang: d.lang,
      tf,
      doc_length: d.length,
      impact: postingImpact(tf, d.length),
    })),
  );
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('kb_postings')
      .values(rows.slice(i, i + BATCH))
      .execute();
  }
  const variants = [...new Set(rows.map((r) => r.term))]
    .filter(typoTolerant)
    .flatMap((term) => deletionVariants(term).map((variant) => ({ tenant_id: tenantId, variant, term })));
  for (let i = 0; i < variants.length; i += BATCH) {
    await db
      .insertInto('kb_term_variants')
      .values(variants.slice(i, i + BATCH))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  // Document frequencies: -1 for each (term, language) the article leaves, +1 for each it brings.
  const dfDelta = new Map<string, number>();
  for (const p of oldPostings) dfDelta.set(p.term, (dfDelta.get(p.term) ?? 0) - 1);
  for (const r of rows) dfDelta.set(r.term, (dfDelta.get(r.term) ?? 0) + 1);
  const changed = [...dfDelta].filter(([, d]) => d !== 0);
  for (let i = 0; i < changed.length; i += BATCH) {
    await db
      .insertInto('kb_term_stats')
      .values(changed.slice(i, i + BATCH).map(([term, df]) => ({ tenant_id: tenantId, term, df })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'term']).doUpdateSet((eb) => ({
          df: eb('kb_term_stats.df', '+', eb.ref('excluded.df')),
        })),
      )
      .execute();
  }
  const deltaDocs = docs.length - old.length;
  const deltaLength =
    docs.reduce((s, d) => s + d.length, 0) - old.reduce((s, d) => s + Number(d.doc_length), 0);
  await db
    .insertInto('kb_index_stats')
    .values({ tenant_id: tenantId, documents: deltaDocs, total_length: deltaLength })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet((eb) => ({
        documents: eb('kb_index_stats.documents', '+', deltaDocs),
        total_length: eb('kb_index_stats.total_length', '+', deltaLength),
      })),
    )
    .execute();
}

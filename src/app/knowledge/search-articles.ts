import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import {
  type ArticleLanguage,
  type ArticleReader,
  articlesByUpperBound,
  BM25_B,
  BM25_K1,
  type Posting,
  type QuerySlot,
  querySlots,
  rankArticles,
  slotTerms,
  synonymGroups,
  termsOf,
  typoLookups,
  withTypoCandidates,
} from '../../domain/knowledge/index.ts';
import type { Database } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { articleReaderOf } from './article-store.ts';
import { effectiveVersions, readable } from './read-article.ts';

/** A query's words beyond this are ignored: a request text pasted whole still searches fast. */
export const MAX_QUERY_TERMS = 24;
/** Ranked candidates checked for visibility before giving up on filling the page. */
const CANDIDATES = 200;
/** Postings read per query term, best impact first: a rare term's whole list, a common word's best. */
export const TOP_PER_TERM = 200;
/** Seen articles, by upper bound, whose postings of the cut terms are then read by key. */
export const COMPLETE = 200;
/** What an article gains per query word that is one of its fault codes (attached, not just written). */
export const FAULT_CODE_BOOST = 0.5;
/** What an article attached to the product (or fault code) in question gains over its BM25 score. */
export const PRODUCT_BOOST = 1.25;

interface PostingRow {
  term: string;
  article_id: string;
  lang: string;
  tf: number;
  doc_length: number;
}

const toPosting = (p: PostingRow): Posting => ({
  term: p.term,
  articleId: p.article_id,
  lang: p.lang,
  tf: Number(p.tf),
  docLength: Number(p.doc_length),
});

/**
 * Each term's best postings by impact through kb_postings_by_impact, at most TOP_PER_TERM per
 * term: one statement, one bounded index range per term, whatever the number of articles.
 */
export function topPostings(tenantId: string, terms: readonly string[]) {
  return sql<PostingRow>`
    SELECT p.term, p.article_id, p.lang, p.tf, p.doc_length
    FROM unnest(${[...terms]}::text[]) AS q(term)
    CROSS JOIN LATERAL (
      SELECT term, article_id, lang, tf, doc_length FROM kb_postings
      WHERE tenant_id = ${tenantId} AND term = q.term
      ORDER BY impact DESC, article_id, lang
      LIMIT ${TOP_PER_TERM}
    ) p`;
}

/**
 * The postings of these (term, article) pairs, `terms[i]` with `articleIds[i]`: one primary-key
 * probe per pair. The LIMIT (a posting per language at most) keeps each probe a parameterised
 * lookup: without it the planner may join all of a common term's postings to the list instead.
 */
export function postingsOf(tenantId: string, terms: readonly string[], articleIds: readonly string[]) {
  return sql<PostingRow>`
    SELECT p.term, p.article_id, p.lang, p.tf, p.doc_length
    FROM unnest(${[...terms]}::text[], ${[...articleIds]}::uuid[]) AS k(term, article_id)
    CROSS JOIN LATERAL (
      SELECT term, article_id, lang, tf, doc_length FROM kb_postings
      WHERE tenant_id = ${tenantId} AND term = k.term AND article_id = k.article_id
      LIMIT 2
    ) p`;
}

export interface SearchHit {
  id: string;
  key: string;
  lang: ArticleLanguage;
  title: string;
  summary: string;
  productModels: string[];
  faultCodes: { model: string; code: string }[];
  troubleshootingTreeKey: string | null;
  score: number;
}

export interface SearchOptions {
  query: string;
  lang: ArticleLanguage;
  limit: number;
  /** Articles attached to this product rank higher (a case's or a customer's product). */
  productId?: string | null;
}

/** The tenant's synonym groups as the ranking uses them (configuration: a few rows). */
export async function loadSynonyms(db: Kysely<Database>, tenantId: string) {
  const rows = await db
    .selectFrom('kb_synonym_groups')
    .select('terms')
    .where('tenant_id', '=', tenantId)
    .execute();
  return synonymGroups(rows.map((r) => r.terms));
}

/**
 * Ranked, visible articles for a query, at the request's time. Postings come from the inverted
 * index by (tenant_id, term); typo candidates by (tenant_id, variant); only the ranked candidates'
 * article rows are read to apply visibility and scheduling.
 */
export async function searchWithReader(
  deps: Pick<AppDeps, 'db' | 'now'>,
  tenantId: string,
  reader: ArticleReader,
  options: SearchOptions,
): Promise<SearchHit[]> {
  const db = deps.db;
  const queryTerms = termsOf(options.query.slice(0, 2000)).slice(0, MAX_QUERY_TERMS);
  if (queryTerms.length === 0) return [];
  let slots: QuerySlot[] = querySlots(queryTerms, await loadSynonyms(db, tenantId));
  const lookups = [...new Set(slots.flatMap(typoLookups))];
  if (lookups.length > 0) {
    const found = await db
      .selectFrom('kb_term_variants')
      .select(['variant', 'term'])
      .where('tenant_id', '=', tenantId)
      .where('variant', 'in', lookups)
      .execute();
    const candidates = [...new Set(found.map((f) => f.term))];
    slots = slots.map((s) => withTypoCandidates(s, candidates));
  }
  const terms = slotTerms(slots);
  const [dfRows, stats] = await Promise.all([
    db
      .selectFrom('kb_term_stats')
      .select(['term', 'df'])
      .where('tenant_id', '=', tenantId)
      .where('term', 'in', terms)
      .execute(),
    db.selectFrom('kb_index_stats').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
  ]);
  if (!stats || dfRows.length === 0) return [];
  const documentFrequency = new Map(dfRows.map((r) => [r.term, r.df]));
  const indexStats = {
    documents: stats.documents,
    averageLength: stats.documents > 0 ? stats.total_length / stats.documents : 1,
  };
  const known = dfRows.map((r) => r.term);
  // Each term's best postings by impact (kb_postings_by_impact), at most TOP_PER_TERM: a rare
  // term's list is read whole, a common word's only where it weighs most. One statement, a bounded
  // index range per term, whatever the number of articles.
  const top = await topPostings(tenantId, known).execute(db);
  const postings = top.rows.map(toPosting);
  // A cut list: what its weakest posting read contributes bounds what an unread one would (the
  // rows' order is not relied on).
  const perTerm = new Map<string, Posting[]>();
  for (const p of postings) {
    const list = perTerm.get(p.term);
    if (list) list.push(p);
    else perTerm.set(p.term, [p]);
  }
  const cutAt = new Map<string, number>();
  for (const [term, list] of perTerm) {
    if (list.length < TOP_PER_TERM) continue;
    const contribution = (p: Posting) =>
      (p.tf * (BM25_K1 + 1)) /
      (p.tf + BM25_K1 * (1 - BM25_B + (BM25_B * p.docLength) / indexStats.averageLength));
    cutAt.set(term, Math.min(...list.map(contribution)));
  }
  if (cutAt.size > 0) {
    // The seen articles most likely to rank first get their cut terms' postings by primary key
    // (tenant_id, term, article_id): COMPLETE articles at most, so a bounded number of probes.
    const complete = articlesByUpperBound(slots, postings, indexStats, cutAt, documentFrequency)
      .slice(0, COMPLETE)
      .map((a) => a.articleId);
    const have = new Set(postings.map((p) => `${p.term}|${p.articleId}|${p.lang}`));
    const langsOf = new Map<string, Set<string>>();
    for (const p of postings) langsOf.set(p.articleId, (langsOf.get(p.articleId) ?? new Set()).add(p.lang));
    // Only the (term, article) pairs not already read for every language the article was seen in.
    const pairs = complete.flatMap((id) =>
      [...cutAt.keys()]
        .filter((term) => [...(langsOf.get(id) ?? [])].some((lang) => !have.has(`${term}|${id}|${lang}`)))
        .map((term) => ({ term, id })),
    );
    if (pairs.length > 0) {
      const more = (
        await postingsOf(
          tenantId,
          pairs.map((p) => p.term),
          pairs.map((p) => p.id),
        ).execute(db)
      ).rows;
      for (const p of more.map(toPosting)) {
        if (!have.has(`${p.term}|${p.articleId}|${p.lang}`)) postings.push(p);
      }
    }
  }
  if (postings.length === 0) return [];
  const ranked = rankArticles(slots, postings, indexStats, options.lang, documentFrequency).slice(
    0,
    CANDIDATES,
  );
  if (ranked.length === 0) return [];
  const rows = await db
    .selectFrom('kb_articles')
    // What visibility, scheduling and the boosts need: not the texts (the hits' come from versions).
    .select(['article_id', 'key', 'state', 'visible_from', 'visibility', 'product_ids', 'fault_codes'])
    .where('tenant_id', '=', tenantId)
    .where(
      'article_id',
      'in',
      ranked.map((r) => r.articleId),
    )
    .execute();
  const now = deps.now();
  const byId = new Map(rows.map((r) => [r.article_id, r]));
  const visible = ranked
    .map((r) => {
      const row = byId.get(r.articleId);
      if (!row || !readable(row, reader, now)) return null;
      const productBoost =
        options.productId && row.product_ids.includes(options.productId) ? PRODUCT_BOOST : 1;
      const codes = row.fault_codes.filter((f) => queryTerms.includes(f.code.toLowerCase())).length;
      const boost = productBoost * (1 + FAULT_CODE_BOOST * codes);
      return { ...r, row, score: r.score * boost };
    })
    .filter((r) => r !== null)
    .sort((a, b) => b.score - a.score)
    .slice(0, options.limit);
  const versions = await effectiveVersions(
    db,
    tenantId,
    visible.map((v) => v.articleId),
    now,
  );
  const hits: SearchHit[] = [];
  for (const v of visible) {
    const version = versions.get(v.articleId);
    if (!version) continue;
    const lang: ArticleLanguage = version.content.texts[options.lang]
      ? options.lang
      : options.lang === 'en'
        ? 'zh'
        : 'en';
    const text = version.content.texts[lang];
    if (!text) continue;
    hits.push({
      id: v.articleId,
      key: v.row.key,
      lang,
      title: text.title,
      summary: text.summary,
      productModels: version.content.productModels,
      faultCodes: version.content.faultCodes,
      troubleshootingTreeKey: version.content.troubleshootingTreeKey,
      score: Math.round(v.score * 1000) / 1000,
    });
  }
  return hits;
}

/** Search as an actor: what it may read, in the language asked for. */
export async function searchArticles(
  deps: AppDeps,
  actor: Actor,
  options: Omit<SearchOptions, 'productId'> & { productModel?: string },
): Promise<SearchHit[]> {
  const reader = await articleReaderOf(deps.db, actor);
  let productId: string | null = null;
  if (options.productModel) {
    const p = await deps.db
      .selectFrom('products')
      .select('product_id')
      .where('tenant_id', '=', actor.tenantId)
      .where('model', '=', options.productModel)
      .executeTakeFirst();
    productId = p?.product_id ?? null;
  }
  return searchWithReader(deps, actor.tenantId, reader, { ...options, productId });
}

import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import {
  type ArticleLanguage,
  type ArticleReader,
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
/** A term in more than this share of the documents is read only for the rarer terms' documents. */
const FREQUENT_SHARE = 0.05;
const FREQUENT_MIN = 500;
const FREQUENT_ONLY_LIMIT = 2000;
/** What an article gains per query word that is one of its fault codes (attached, not just written). */
export const FAULT_CODE_BOOST = 0.5;
/** What an article attached to the product (or fault code) in question gains over its BM25 score. */
export const PRODUCT_BOOST = 1.25;

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
  // Rare terms are read whole; a frequent term (in more than FREQUENT_SHARE of the documents)
  // only for the documents the rare ones found, through the same (tenant_id, term, article_id)
  // key: its weight is small, and reading all of it is what would make a query slow.
  const frequentAbove = Math.max(FREQUENT_MIN, stats.documents * FREQUENT_SHARE);
  const rare = dfRows.filter((r) => r.df <= frequentAbove).map((r) => r.term);
  const frequent = dfRows.filter((r) => r.df > frequentAbove);
  const select = () =>
    db
      .selectFrom('kb_postings')
      .select(['term', 'article_id', 'lang', 'tf', 'doc_length'])
      .where('tenant_id', '=', tenantId);
  const postings = rare.length > 0 ? await select().where('term', 'in', rare).execute() : [];
  const candidateIds = [...new Set(postings.map((p) => p.article_id))];
  if (frequent.length > 0) {
    if (candidateIds.length > 0) {
      for (let i = 0; i < candidateIds.length; i += 1000) {
        postings.push(
          ...(await select()
            .where(
              'term',
              'in',
              frequent.map((f) => f.term),
            )
            .where('article_id', 'in', candidateIds.slice(i, i + 1000))
            .execute()),
        );
      }
    } else {
      // Only frequent words: the documents where they weigh most.
      postings.push(
        ...(await select()
          .where(
            'term',
            'in',
            frequent.map((f) => f.term),
          )
          .orderBy('tf', 'desc')
          .limit(FREQUENT_ONLY_LIMIT)
          .execute()),
      );
    }
  }
  const documentFrequency = new Map(dfRows.map((r) => [r.term, r.df]));
  if (postings.length === 0) return [];
  const ranked = rankArticles(
    slots,
    postings.map(
      (p): Posting => ({
        term: p.term,
        articleId: p.article_id,
        lang: p.lang,
        tf: p.tf,
        docLength: p.doc_length,
      }),
    ),
    {
      documents: stats.documents,
      averageLength: stats.documents > 0 ? stats.total_length / stats.documents : 1,
    },
    options.lang,
    documentFrequency,
  ).slice(0, CANDIDATES);
  if (ranked.length === 0) return [];
  const rows = await db
    .selectFrom('kb_articles')
    .selectAll()
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

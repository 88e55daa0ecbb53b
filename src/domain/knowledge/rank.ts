import type { SynonymGroups } from './synonyms.ts';
import { deletionVariants, typoTolerant, withinOneEdit } from './typos.ts';

/**
 * Ranking: Okapi BM25 over the article's language documents (title, summary, body, and the
 * product models, fault codes and error messages it is attached to, the title and attachments
 * counted three times). A query is cut into slots: a run of words that is a synonym group's member
 * is one slot whose alternatives are all the group's members; any other word is a slot of itself
 * and, for English words of four letters or more, the index terms one edit away (weighted lower,
 * so an exact word outranks a typo's guess). A slot scores its best alternative in a document.
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
export const SYNONYM_WEIGHT = 0.9;
export const TYPO_WEIGHT = 0.6;

export interface Alternative {
  /** The index terms of the alternative, scored together (a phrase of one or more terms). */
  terms: string[];
  weight: number;
}

export interface QuerySlot {
  text: string;
  alternatives: Alternative[];
  /** Look up terms one edit away from this word (symmetric deletes). */
  typoOf: string | null;
}

export function querySlots(queryTerms: readonly string[], synonyms: SynonymGroups): QuerySlot[] {
  const slots: QuerySlot[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < queryTerms.length) {
    let matched: { length: number; group: readonly string[]; member: string } | null = null;
    for (const group of synonyms) {
      for (const member of group) {
        const parts = member.split(' ');
        if (parts.length <= (matched?.length ?? 0)) continue;
        if (parts.every((p, k) => queryTerms[i + k] === p)) matched = { length: parts.length, group, member };
      }
    }
    if (matched) {
      const { group, member } = matched;
      slots.push({
        text: member,
        alternatives: group.map((m) => ({ terms: m.split(' '), weight: m === member ? 1 : SYNONYM_WEIGHT })),
        typoOf: null,
      });
      i += matched.length;
      continue;
    }
    const term = queryTerms[i] as string;
    i += 1;
    if (seen.has(term)) continue;
    seen.add(term);
    slots.push({
      text: term,
      alternatives: [{ terms: [term], weight: 1 }],
      typoOf: typoTolerant(term) ? term : null,
    });
  }
  return slots;
}

/** The variants to look up for a slot's typo candidates. */
export function typoLookups(slot: QuerySlot): string[] {
  return slot.typoOf ? deletionVariants(slot.typoOf) : [];
}

/** Adds the terms found one edit away as weaker alternatives (the exact term stays first). */
export function withTypoCandidates(slot: QuerySlot, candidates: readonly string[]): QuerySlot {
  if (!slot.typoOf) return slot;
  const origin = slot.typoOf;
  const extra = candidates
    .filter((c) => c !== origin && withinOneEdit(origin, c))
    .map((c) => ({ terms: [c], weight: TYPO_WEIGHT }));
  return { ...slot, alternatives: [...slot.alternatives, ...extra] };
}

/**
 * The length a posting's impact is normalised against. The true average length changes as articles
 * come and go; a fixed reference keeps each posting's impact a property of its own row (written
 * once, no rewrite of the index when the average moves), and it only orders a term's postings for
 * the bounded top-K read: the score itself is computed with the tenant's current average.
 */
export const IMPACT_REFERENCE_LENGTH = 100;

/**
 * A posting's impact: its BM25 term-frequency part at the reference length. Within one term, a
 * higher impact means a higher contribution to the score (the term's IDF is the same factor for
 * all its postings), so a term's postings read by impact descending come best first.
 */
export function postingImpact(tf: number, docLength: number): number {
  return (
    (tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * docLength) / IMPACT_REFERENCE_LENGTH))
  );
}

export interface Posting {
  term: string;
  articleId: string;
  lang: string;
  tf: number;
  /** The length of the (article, language) document the term is in. */
  docLength: number;
}

export interface IndexStats {
  documents: number;
  averageLength: number;
}

export interface RankedArticle {
  articleId: string;
  lang: string;
  score: number;
}

/**
 * Scores each (article, language) document that holds any alternative's term and returns the
 * articles by score, each with its best-scoring language (the query's language wins a tie).
 */
export function rankArticles(
  slots: readonly QuerySlot[],
  postings: readonly Posting[],
  stats: IndexStats,
  preferLang: string,
  /** Known document frequencies; without them, counted from `postings` (which must then be whole). */
  knownFrequency?: ReadonlyMap<string, number>,
): RankedArticle[] {
  const byDoc = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  // Every posting of each term is at hand, so a term's document frequency is its postings' count.
  const documentFrequency = new Map<string, number>();
  for (const p of postings) {
    const key = `${p.articleId}|${p.lang}`;
    let terms = byDoc.get(key);
    if (!terms) {
      terms = new Map();
      byDoc.set(key, terms);
    }
    terms.set(p.term, p.tf);
    lengths.set(key, p.docLength);
    documentFrequency.set(p.term, (documentFrequency.get(p.term) ?? 0) + 1);
  }
  const n = Math.max(stats.documents, 1);
  const avg = stats.averageLength > 0 ? stats.averageLength : 1;
  const idf = (term: string): number => {
    const df = knownFrequency?.get(term) ?? documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const best = new Map<string, RankedArticle>();
  for (const [key, terms] of byDoc) {
    const length = lengths.get(key) ?? avg;
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * length) / avg);
    let score = 0;
    for (const slot of slots) {
      let slotBest = 0;
      for (const alt of slot.alternatives) {
        let s = 0;
        let all = true;
        for (const term of alt.terms) {
          const tf = terms.get(term);
          if (tf === undefined) {
            all = false;
            break;
          }
          s += (idf(term) * (tf * (BM25_K1 + 1))) / (tf + norm);
        }
        if (all) slotBest = Math.max(slotBest, s * alt.weight);
      }
      score += slotBest;
    }
    if (score <= 0) continue;
    const [articleId, lang] = key.split('|') as [string, string];
    const current = best.get(articleId);
    const better =
      !current ||
      score > current.score + 1e-9 ||
      (Math.abs(score - current.score) <= 1e-9 && lang === preferLang);
    if (better) best.set(articleId, { articleId, lang, score });
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.articleId.localeCompare(b.articleId));
}

/** Every term any slot may need postings of. */
export function slotTerms(slots: readonly QuerySlot[]): string[] {
  return [...new Set(slots.flatMap((s) => s.alternatives.flatMap((a) => a.terms)))];
}

/**
 * For a query read as a bounded top-K per term: the articles to complete first. A term whose list
 * was cut (`cutAt` holds the contribution of the last posting read, before IDF) may still hold an
 * unread posting for a document seen through another term, worth at most about that much; each
 * seen document's upper bound counts that for the cut terms it was not seen with. Returns the
 * seen articles by their best document's upper bound, highest first.
 */
export function articlesByUpperBound(
  slots: readonly QuerySlot[],
  postings: readonly Posting[],
  stats: IndexStats,
  cutAt: ReadonlyMap<string, number>,
  documentFrequency: ReadonlyMap<string, number>,
): { articleId: string; bound: number }[] {
  const byDoc = new Map<string, { articleId: string; length: number; terms: Map<string, number> }>();
  for (const p of postings) {
    const key = `${p.articleId}|${p.lang}`;
    let doc = byDoc.get(key);
    if (!doc) {
      doc = { articleId: p.articleId, length: p.docLength, terms: new Map() };
      byDoc.set(key, doc);
    }
    doc.terms.set(p.term, p.tf);
  }
  const n = Math.max(stats.documents, 1);
  const avg = stats.averageLength > 0 ? stats.averageLength : 1;
  const idf = (term: string): number => {
    const df = documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  const best = new Map<string, number>();
  for (const doc of byDoc.values()) {
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * doc.length) / avg);
    let bound = 0;
    for (const slot of slots) {
      let slotBest = 0;
      for (const alt of slot.alternatives) {
        let s = 0;
        let possible = true;
        for (const term of alt.terms) {
          const tf = doc.terms.get(term);
          if (tf !== undefined) s += (idf(term) * (tf * (BM25_K1 + 1))) / (tf + norm);
          else {
            const cut = cutAt.get(term);
            if (cut === undefined) {
              possible = false;
              break;
            }
            s += idf(term) * cut;
          }
        }
        if (possible) slotBest = Math.max(slotBest, s * alt.weight);
      }
      bound += slotBest;
    }
    best.set(doc.articleId, Math.max(best.get(doc.articleId) ?? 0, bound));
  }
  return [...best]
    .map(([articleId, bound]) => ({ articleId, bound }))
    .sort((a, b) => b.bound - a.bound || a.articleId.localeCompare(b.articleId));
}

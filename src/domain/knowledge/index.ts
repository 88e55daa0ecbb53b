export type {
  ArticleContent,
  ArticleFile,
  ArticleLanguage,
  ArticleReader,
  ArticleState,
  ArticleText,
  ArticleTexts,
  ArticleVisibility,
  FaultCode,
  ReadableArticle,
} from './article.ts';
export {
  ARTICLE_LANGUAGES,
  ARTICLE_STATES,
  ARTICLE_VISIBILITIES,
  isEditable,
  mayMoveTo,
  mayRead,
  publishableLanguages,
  textIn,
} from './article.ts';
export type { IndexedDocument } from './document.ts';
export { indexDocuments, TITLE_BOOST } from './document.ts';
export type { Alternative, IndexStats, Posting, QuerySlot, RankedArticle } from './rank.ts';
export {
  articlesByUpperBound,
  BM25_B,
  BM25_K1,
  IMPACT_REFERENCE_LENGTH,
  postingImpact,
  querySlots,
  rankArticles,
  slotTerms,
  typoLookups,
  withTypoCandidates,
} from './rank.ts';
export type { CaseLike } from './similar.ts';
export { faultCodesIn, jaccard, similarity } from './similar.ts';
export type { SynonymGroups } from './synonyms.ts';
export { emptyMembers, synonymGroups } from './synonyms.ts';
export { normalizeWord, stem, termCounts, termsOf } from './terms.ts';
export { deletionVariants, typoTolerant, withinOneEdit } from './typos.ts';

import { keysOf } from '../label.ts';
import { ARTICLE_LANGUAGE_LABELS, ARTICLE_STATE_LABELS, ARTICLE_VISIBILITY_LABELS } from './labels.ts';

export type ArticleState = keyof typeof ARTICLE_STATE_LABELS;
export const ARTICLE_STATES = keysOf(ARTICLE_STATE_LABELS);
export type ArticleVisibility = keyof typeof ARTICLE_VISIBILITY_LABELS;
export const ARTICLE_VISIBILITIES = keysOf(ARTICLE_VISIBILITY_LABELS);
export type ArticleLanguage = keyof typeof ARTICLE_LANGUAGE_LABELS;
export const ARTICLE_LANGUAGES = keysOf(ARTICLE_LANGUAGE_LABELS);

/** One language's text of an article. Each language is written on its own, never machine-filled. */
export interface ArticleText {
  title: string;
  summary: string;
  /** Markdown; rendered with raw HTML off. */
  body: string;
}

/** The two languages of one article: translations of each other; a language not written is null. */
export type ArticleTexts = { [lang in ArticleLanguage]: ArticleText | null };

/** A fault code means something only on its product model ('E12' on a 'CH-900'). */
export interface FaultCode {
  model: string;
  code: string;
}

export interface ArticleFile {
  name: string;
  mediaType: string;
  sha256: string;
  size: number;
}

/** What a published version holds: everything a reader saw, kept unchanged. */
export interface ArticleContent {
  texts: ArticleTexts;
  files: ArticleFile[];
  visibility: ArticleVisibility;
  productModels: string[];
  partCategories: string[];
  faultCodes: FaultCode[];
  errorMessages: string[];
  troubleshootingTreeKey: string | null;
}

/**
 * The steps of an article's life. Publishing makes a new version; a published article goes back
 * to draft to be edited while its last published version stays what readers see.
 */
const NEXT_STATES: Record<ArticleState, readonly ArticleState[]> = {
  draft: ['review', 'published', 'archived'],
  review: ['draft', 'published', 'archived'],
  published: ['draft', 'archived'],
  archived: ['draft'],
};

export function mayMoveTo(from: ArticleState, to: ArticleState): boolean {
  return NEXT_STATES[from].includes(to);
}

/** Texts are edited only in the working states. */
export function isEditable(state: ArticleState): boolean {
  return state === 'draft' || state === 'review';
}

/** Which texts can be published: at least one language with a title and a body. */
export function publishableLanguages(texts: ArticleTexts): ArticleLanguage[] {
  return ARTICLE_LANGUAGES.filter((l) => {
    const t = texts[l];
    return t !== null && t.title.trim() !== '' && t.body.trim() !== '';
  });
}

/**
 * Who is reading: the brand's staff read everything; partners (distributors, service partners,
 * their technicians) read public and partner articles; a customer reads public articles and the
 * articles for customers of the products it owns a unit of.
 */
export type ArticleReader =
  | { kind: 'staff' }
  | { kind: 'partner' }
  | { kind: 'customer'; productIds: ReadonlySet<string> };

export interface ReadableArticle {
  visibility: ArticleVisibility;
  productIds: readonly string[];
}

export function mayRead(reader: ArticleReader, article: ReadableArticle): boolean {
  if (reader.kind === 'staff') return true;
  switch (article.visibility) {
    case 'public':
      return true;
    case 'partners':
      return reader.kind === 'partner';
    case 'product_customers':
      // Partners serve those products' customers, so they read what the customers read.
      if (reader.kind === 'partner') return true;
      return article.productIds.some((p) => reader.productIds.has(p));
    case 'internal':
      return false;
  }
}

/** The text to show in a language, or the other language's with the fact that it is missing. */
export function textIn(
  texts: ArticleTexts,
  lang: ArticleLanguage,
): { lang: ArticleLanguage; text: ArticleText; missing: boolean } | null {
  const own = texts[lang];
  if (own) return { lang, text: own, missing: false };
  const other: ArticleLanguage = lang === 'en' ? 'zh' : 'en';
  const fallback = texts[other];
  return fallback ? { lang: other, text: fallback, missing: true } : null;
}

import type { ArticleContent, ArticleLanguage } from './article.ts';
import { termCounts, termsOf } from './terms.ts';

/** How many times a title's or an attachment's words count against the body's. */
export const TITLE_BOOST = 3;

export interface IndexedDocument {
  lang: ArticleLanguage;
  terms: Map<string, number>;
  length: number;
}

/**
 * The documents an article's published content adds to the index: one per language written. The
 * models, fault codes and error messages it is attached to belong to both languages.
 */
export function indexDocuments(content: ArticleContent): IndexedDocument[] {
  const shared = [
    ...content.productModels,
    ...content.faultCodes.flatMap((f) => [f.code, f.model]),
    ...content.errorMessages,
  ].join(' ');
  const docs: IndexedDocument[] = [];
  for (const lang of ['en', 'zh'] as const) {
    const text = content.texts[lang];
    if (!text) continue;
    const counts = termCounts([...termsOf(text.summary), ...termsOf(text.body)]);
    for (const t of [...termsOf(text.title), ...termsOf(shared)])
      counts.set(t, (counts.get(t) ?? 0) + TITLE_BOOST);
    let length = 0;
    for (const c of counts.values()) length += c;
    docs.push({ lang, terms: counts, length });
  }
  return docs;
}

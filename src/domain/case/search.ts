/**
 * Search text in the words people type. PostgreSQL's parser splits on spaces and punctuation but
 * not between Chinese words, so Han runs are cut into words first (`Intl.Segmenter`, built into
 * Node and the browsers) and the document and the query are cut the same way. Pure.
 */
const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The words of a text, lower-cased, Chinese runs segmented, split at every character that is not a
 * letter or digit: the parser would read "CH9-2024-00031" as "ch9", "-2024" (a signed number),
 * "-00031", and "a@b.cn" as one e-mail token; split here, a serial's or address's parts are words.
 */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  for (const run of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!run) continue;
    if (!HAN.test(run)) {
      words.push(run);
      continue;
    }
    for (const s of segmenter.segment(run)) if (s.isWordLike) words.push(s.segment);
  }
  return words;
}

/** The text a case's search document is built from (`to_tsvector('simple', …)`). */
export function searchDocumentText(parts: readonly (string | null | undefined)[]): string {
  return searchWords(parts.filter((p): p is string => !!p).join(' ')).join(' ');
}

/**
 * A `to_tsquery('simple', …)` text: every word must match, each as a prefix ("compress" finds
 * "compressor", "压缩" finds "压缩机"); characters with a meaning in tsquery are dropped, so any
 * input makes a valid query. Undefined when nothing searchable is left.
 */
export function searchQuery(text: string): string | undefined {
  const terms: string[] = [];
  for (const word of searchWords(text)) terms.push(`${word}:*`);
  return terms.length > 0 ? terms.join(' & ') : undefined;
}

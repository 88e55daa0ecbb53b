/**
 * Words of a text as the search index keeps them. Chinese has no spaces: `Intl.Segmenter` with the
 * 'zh' dictionary cuts it into words (ICU's, so indexing and querying cut alike); English words are
 * lower-cased and stemmed lightly (plural, -ing, -ed), so 'alarms' finds 'alarm'.
 */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'is',
  'are',
  'be',
  'it',
  'its',
  'this',
  'that',
  'with',
  'as',
  'by',
  'my',
  'i',
  'if',
  'do',
  'does',
  'not',
  'what',
  'how',
  'when',
  '的',
  '了',
  '是',
  '在',
  '和',
  '与',
  '或',
  '吗',
  '呢',
  '啊',
  '我',
  '我的',
  '你',
  '请',
  '把',
  '被',
  '就',
  '也',
  '都',
]);

const LATIN = /^[a-z]+$/;

/** A light English stemmer: the same cut for a word in a query and in an article. */
export function stem(word: string): string {
  if (!LATIN.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      // running -> runn -> run; stopped -> stopp -> stop
      if (w.length >= 3 && w.at(-1) === w.at(-2) && !'lsz'.includes(w.at(-1) ?? '')) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** One word as the index keeps it: NFKC (full-width letters and digits), lower case, stemmed. */
export function normalizeWord(word: string): string {
  return stem(word.normalize('NFKC').toLowerCase());
}

/** The index terms of a text, in order, repeats kept (their counts are term frequencies). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(text.normalize('NFKC'))) {
    if (!part.isWordLike) continue;
    const term = normalizeWord(part.segment);
    if (term === '' || STOP_WORDS.has(term)) continue;
    out.push(term);
  }
  return out;
}

/** Counts of each term. */
export function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

import { describe, expect, it } from 'vitest';
import {
  articlesByUpperBound,
  deletionVariants,
  indexDocuments,
  mayMoveTo,
  mayRead,
  postingImpact,
  querySlots,
  rankArticles,
  stem,
  synonymGroups,
  termsOf,
  textIn,
  withinOneEdit,
  withTypoCandidates,
} from './index.ts';
import type { Posting } from './rank.ts';

describe('terms', () => {
  it('segments Chinese into words and keeps codes whole', () => {
    expect(termsOf('压缩机 E12 报警')).toEqual(['压缩', '机', 'e12', '报警']);
    expect(termsOf('排气压力过高')).toContain('压力');
  });
  it('lower-cases, folds full-width and stems English lightly', () => {
    expect(termsOf('Alarms RUNNING Ｅ１２')).toEqual(['alarm', 'run', 'e12']);
    expect(stem('filters')).toBe('filter');
    expect(stem('batteries')).toBe('battery');
    expect(stem('stopped')).toBe('stop');
    expect(stem('pressure')).toBe(stem('pressures'));
  });
  it('drops stop words of both languages', () => {
    expect(termsOf('the filter of my purifier 的')).toEqual(['filter', 'purifier']);
  });
});

describe('typos', () => {
  it('counts one insertion, deletion, substitution or swap as one edit', () => {
    expect(withinOneEdit('condenser', 'condensr')).toBe(true);
    expect(withinOneEdit('filter', 'filtre')).toBe(true);
    expect(withinOneEdit('filter', 'fitler')).toBe(true);
    expect(withinOneEdit('filter', 'filler')).toBe(true);
    expect(withinOneEdit('filter', 'flter')).toBe(true);
    expect(withinOneEdit('filter', 'fltre')).toBe(false);
  });
  it('meets a typo and its word at a shared deletion', () => {
    const word = new Set(deletionVariants('condenser'));
    expect(deletionVariants('condensr').some((v) => word.has(v))).toBe(true);
  });
});

const posting = (term: string, articleId: string, tf = 1, lang = 'en', docLength = 10): Posting => ({
  term,
  articleId,
  lang,
  tf,
  docLength,
});

describe('ranking', () => {
  const stats = { documents: 3, averageLength: 10 };
  it('ranks a rarer matched term above a common one (BM25)', () => {
    const slots = querySlots(['compressor', 'alarm'], []);
    const ranked = rankArticles(
      slots,
      [posting('alarm', 'a'), posting('alarm', 'b'), posting('alarm', 'c'), posting('compressor', 'b')],
      stats,
      'en',
    );
    expect(ranked[0]?.articleId).toBe('b');
  });
  it('lets a synonym find a document, a little below the word itself', () => {
    const groups = synonymGroups([['报警', '告警', 'alarm']]);
    const slots = querySlots(termsOf('告警'), groups);
    const ranked = rankArticles(
      slots,
      [posting('报警', 'a', 1, 'zh'), posting('告警', 'b', 1, 'zh')],
      stats,
      'zh',
    );
    expect(ranked.map((r) => r.articleId)).toEqual(['b', 'a']);
  });
  it('matches a several-word synonym member as a run of the query', () => {
    const groups = synonymGroups([['压缩机', 'compressor']]);
    const slots = querySlots(termsOf('压缩机 E12'), groups);
    expect(slots.map((s) => s.text)).toEqual(['压缩 机', 'e12']);
    const ranked = rankArticles(slots, [posting('compressor', 'a'), posting('e12', 'a')], stats, 'en');
    expect(ranked[0]?.articleId).toBe('a');
  });
  it('finds a typo through candidates, weighted below an exact match', () => {
    const [slot] = querySlots(['condensr'], []);
    const withTypos = withTypoCandidates(slot!, ['condenser', 'condense', 'compressor']);
    expect(withTypos.alternatives.map((a) => a.terms[0])).toEqual(['condensr', 'condenser', 'condense']);
    const ranked = rankArticles([withTypos], [posting('condenser', 'a')], stats, 'en');
    expect(ranked[0]?.articleId).toBe('a');
  });
});

describe('bounded reads', () => {
  it("orders a term's postings by impact: more occurrences and shorter documents first", () => {
    expect(postingImpact(2, 50)).toBeGreaterThan(postingImpact(1, 50));
    expect(postingImpact(1, 20)).toBeGreaterThan(postingImpact(1, 200));
    expect(postingImpact(100, 100)).toBeLessThan(1.2 + 1);
  });
  it('bounds a seen article by what the cut terms could still add to it', () => {
    const slots = querySlots(['compressor', 'alarm'], []);
    const stats = { documents: 100, averageLength: 10 };
    const df = new Map([
      ['compressor', 2],
      ['alarm', 90],
    ]);
    const read = [posting('compressor', 'a'), posting('compressor', 'b'), posting('alarm', 'b')];
    const score = (id: string) =>
      rankArticles(slots, read, stats, 'en', df).find((r) => r.articleId === id)?.score as number;
    // Nothing cut: the bound is the score.
    const exact = articlesByUpperBound(slots, read, stats, new Map(), df);
    expect(exact.map((a) => a.articleId)).toEqual(['b', 'a']);
    expect(exact[1]?.bound).toBeCloseTo(score('a'));
    // "alarm" cut: a may hold an unread posting of it, worth at most the cut's contribution.
    const cut = articlesByUpperBound(slots, read, stats, new Map([['alarm', 0.5]]), df);
    const idfAlarm = Math.log(1 + (100 - 90 + 0.5) / (90 + 0.5));
    expect(cut.find((a) => a.articleId === 'a')?.bound).toBeCloseTo(score('a') + idfAlarm * 0.5);
    expect(cut.find((a) => a.articleId === 'b')?.bound).toBeCloseTo(score('b'));
  });
});

describe('articles', () => {
  it('moves through its states', () => {
    expect(mayMoveTo('draft', 'review')).toBe(true);
    expect(mayMoveTo('published', 'review')).toBe(false);
    expect(mayMoveTo('archived', 'published')).toBe(false);
  });
  it('shows each reader its share', () => {
    const customer = { kind: 'customer' as const, productIds: new Set(['p1']) };
    expect(mayRead(customer, { visibility: 'product_customers', productIds: ['p1'] })).toBe(true);
    expect(mayRead(customer, { visibility: 'product_customers', productIds: ['p2'] })).toBe(false);
    expect(mayRead(customer, { visibility: 'partners', productIds: [] })).toBe(false);
    expect(mayRead({ kind: 'partner' }, { visibility: 'partners', productIds: [] })).toBe(true);
    expect(mayRead({ kind: 'partner' }, { visibility: 'internal', productIds: [] })).toBe(false);
    expect(mayRead({ kind: 'staff' }, { visibility: 'internal', productIds: [] })).toBe(true);
  });
  it('falls back to the other language and says so', () => {
    const texts = { en: { title: 'T', summary: '', body: 'B' }, zh: null };
    expect(textIn(texts, 'zh')).toMatchObject({ lang: 'en', missing: true });
  });
  it('indexes a document per written language, titles and codes boosted', () => {
    const docs = indexDocuments({
      texts: { en: { title: 'Filter', summary: '', body: 'filter change' }, zh: null },
      files: [],
      visibility: 'public',
      productModels: ['PA-300'],
      partCategories: [],
      faultCodes: [{ model: 'PA-300', code: 'E12' }],
      errorMessages: [],
      troubleshootingTreeKey: null,
    });
    expect(docs).toHaveLength(1);
    expect(docs[0]?.terms.get('filter')).toBe(4);
    expect(docs[0]?.terms.get('e12')).toBe(3);
  });
});

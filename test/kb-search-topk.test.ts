import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexArticle, searchWithReader } from '../src/app/knowledge/index.ts';
import { COMPLETE, TOP_PER_TERM } from '../src/app/knowledge/search-articles.ts';
import {
  type ArticleContent,
  type ArticleReader,
  type ArticleVisibility,
  termsOf,
} from '../src/domain/knowledge/index.ts';
import { openTestDatabase, type TestDatabase } from './support/database.ts';

/**
 * Search reads each query term's postings as a bounded top-K by impact (kb_postings_by_impact)
 * and completes a bounded set of candidates by key. Here a common word has more postings than
 * TOP_PER_TERM, so its list is cut: an article found through a rare word still gets the common
 * word's score, the best documents of a common word alone still come first, and a second tenant's
 * articles and an internal one stay out of what a customer finds.
 */
let db: TestDatabase;
const tenantA = '00000000-0000-4000-8000-00000000000a';
const tenantB = '00000000-0000-4000-8000-00000000000b';
const customer: ArticleReader = { kind: 'customer', productIds: new Set() };
const now = new Date('2026-12-01T08:00:00Z');
let n = 0;

async function publish(
  tenantId: string,
  key: string,
  en: { title: string; body: string },
  visibility: ArticleVisibility = 'public',
): Promise<void> {
  n++;
  const id = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
  const content: ArticleContent = {
    texts: { en: { title: en.title, summary: '', body: en.body }, zh: null },
    files: [],
    visibility,
    productModels: [],
    partCategories: [],
    faultCodes: [],
    errorMessages: [],
    troubleshootingTreeKey: null,
  };
  const deps = db.deps;
  await deps.db
    .insertInto('kb_articles')
    .values({
      tenant_id: tenantId,
      article_id: id,
      key,
      state: 'published',
      visibility,
      product_ids: [],
      part_categories: [],
      fault_codes: '[]',
      error_messages: [],
      troubleshooting_tree_key: null,
      texts: JSON.stringify(content.texts),
      files: '[]',
      live_version: 1,
      visible_from: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await deps.db
    .insertInto('kb_article_versions')
    .values({
      tenant_id: tenantId,
      article_id: id,
      version: 1,
      content: JSON.stringify(content),
      published_at: now,
      published_by_user_id: null,
      recorded_at: now,
    })
    .execute();
  await indexArticle(deps.db, tenantId, id, content);
}

const search = async (tenantId: string, reader: ArticleReader, query: string, limit = 3) =>
  (
    await searchWithReader({ db: db.deps.db, now: () => now }, tenantId, reader, { query, lang: 'en', limit })
  ).map((h) => h.key);

beforeAll(async () => {
  db = await openTestDatabase();
  // More articles with "valve" than one read of a term takes, with filler of their own so that
  // none of them is short: the common word's list is cut.
  for (let i = 0; i < TOP_PER_TERM + COMPLETE / 2; i++) {
    await publish(tenantA, `filler-${i}`, {
      title: `Filler ${i}`,
      body: `valve ${'gasket flange bolt washer '.repeat(2 + (i % 5))}`,
    });
  }
  // The valve article: "valve" weighs most here (title and body), so it heads the common word's list.
  await publish(tenantA, 'valve-guide', { title: 'Valve valve guide', body: 'valve valve valve' });
  // The same rare word, the same length, no "valve": must rank below the one that has both
  // (published first, it would win a tie: without the common word's score the order flips).
  await publish(tenantA, 'quokka-short', {
    title: 'Quokka enclosure',
    body: `quokka ${'habitat food water shade '.repeat(8)} grass`,
  });
  // Found through a rare word; its one "valve" sits in a longer body than any filler's, below the cut of the common list.
  await publish(tenantA, 'quokka-long', {
    title: 'Quokka enclosure',
    body: `quokka ${'fence post wire mesh '.repeat(8)} valve`,
  });
  await publish(
    tenantA,
    'quokka-internal',
    { title: 'Quokka valve', body: 'quokka valve valve' },
    'internal',
  );
  await publish(tenantB, 'other-tenant-quokka', { title: 'Quokka valve', body: 'quokka valve valve valve' });
});
afterAll(async () => {
  await db?.close();
});

describe('knowledge-base search with cut posting lists', () => {
  it('cuts the common word: it has more postings than one read takes', async () => {
    const [term] = termsOf('valve');
    const { df } = await db.deps.db
      .selectFrom('kb_term_stats')
      .select('df')
      .where('tenant_id', '=', tenantA)
      .where('term', '=', term as string)
      .executeTakeFirstOrThrow();
    expect(df).toBeGreaterThan(TOP_PER_TERM);
  });

  it('scores the common word for an article found through a rare one', async () => {
    expect(await search(tenantA, customer, 'quokka valve')).toEqual([
      'quokka-long',
      'quokka-short',
      'valve-guide',
    ]);
  });

  it('puts the common word alone where it weighs most first', async () => {
    expect((await search(tenantA, customer, 'valve'))[0]).toBe('valve-guide');
  });

  it("keeps to the tenant's articles and the reader's visibility", async () => {
    const staff = await search(tenantA, { kind: 'staff' }, 'quokka valve', 10);
    expect(staff[0]).toBe('quokka-internal');
    expect(staff).not.toContain('other-tenant-quokka');
    const seen = await search(tenantA, customer, 'quokka', 10);
    expect(seen.sort()).toEqual(['quokka-long', 'quokka-short']);
    expect(await search(tenantB, customer, 'quokka valve', 10)).toEqual(['other-tenant-quokka']);
  });
});

/**
 * Knowledge-base search benchmark: the demo tenant's articles hidden among generated ones (10,000
 * by default, `--sizes 10000`), made of the demo articles' own words recombined in both
 * languages so that they compete with the real ones; then every query of
 * test/fixtures/kb-search-queries.json is run, recall@3 reported per language, and the time per
 * query (mean, p50, p95) beside a reference measured in the same run: a primary-key lookup of one
 * article row. Runs on PGlite (in memory), or on PostgreSQL when DATABASE_URL is set. `--explain`
 * prints the plans of a query's two reads of the index (top postings per term, completion).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { DEMO_ARTICLES } from '../src/app/demo/demo-articles.ts';
import { seedDemo } from '../src/app/demo/index.ts';
import { postingsOf, searchWithReader, topPostings } from '../src/app/knowledge/index.ts';
import {
  type ArticleContent,
  type ArticleLanguage,
  deletionVariants,
  indexDocuments,
  postingImpact,
  termsOf,
  typoTolerant,
} from '../src/domain/knowledge/index.ts';
import { ENGINE, openTestDatabase } from '../test/support/database.ts';
import { EXAMPLES_DIR } from '../test/support/http.ts';

interface Fixture {
  en: { q: string; expect: string }[];
  zh: { q: string; expect: string }[];
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const seg = new Intl.Segmenter('zh', { granularity: 'word' });
function words(text: string): string[] {
  return [...seg.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

function sizeOption(): number {
  const i = process.argv.indexOf('--sizes');
  const value = i >= 0 ? Number(process.argv[i + 1]?.split(',')[0]) : 10_000;
  return Number.isFinite(value) && value > 0 ? value : 10_000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export async function run(): Promise<void> {
  const size = sizeOption();
  // The generated articles' terms were never counted in kb_term_stats: every word of theirs looks
  // as rare as in the 11 demo articles. Kept so that figures compare with earlier runs; with
  // `--true-df` they are counted, as indexArticle would (the IDFs are then the real ones).
  const trueDf = process.argv.includes('--true-df');
  const db = await openTestDatabase();
  try {
    const report = await seedDemo(db.deps, EXAMPLES_DIR);
    const tenantId = report.tenantId;
    const pool = {
      en: DEMO_ARTICLES.flatMap((a) => words(`${a.texts.en?.title} ${a.texts.en?.body}`)),
      zh: DEMO_ARTICLES.flatMap((a) => words(`${a.texts.zh?.title} ${a.texts.zh?.body}`)),
    };
    const models = ['PA-300', 'PA-500', 'CH-900'];
    const products = await db.deps.db
      .selectFrom('products')
      .select(['product_id', 'model'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const productOf = new Map(products.map((p) => [p.model, p.product_id]));
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const sentence = (lang: ArticleLanguage, n: number) =>
      Array.from({ length: n }, () => pick(pool[lang])).join(lang === 'en' ? ' ' : '');

    const t0 = performance.now();
    const now = new Date();
    let stats = { documents: 0, length: 0 };
    const variantSeen = new Set<string>();
    const df = new Map<string, number>();
    const BATCH = 250;
    for (let start = 0; start < size; start += BATCH) {
      const articles = [];
      const versions = [];
      const postings = [];
      const variants = [];
      for (let i = start; i < Math.min(size, start + BATCH); i++) {
        const model = pick(models);
        const content: ArticleContent = {
          texts: {
            en: { title: sentence('en', 6), summary: sentence('en', 15), body: sentence('en', 80) },
            zh:
              rnd() < 0.8
                ? { title: sentence('zh', 6), summary: sentence('zh', 15), body: sentence('zh', 80) }
                : null,
          },
          files: [],
          visibility: 'public',
          productModels: [model],
          partCategories: [],
          faultCodes: [],
          errorMessages: [],
          troubleshootingTreeKey: null,
        };
        const id = db.deps.newId();
        articles.push({
          tenant_id: tenantId,
          article_id: id,
          key: `generated-${i}`,
          state: 'published' as const,
          visibility: 'public' as const,
          product_ids: [productOf.get(model) as string],
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
        });
        versions.push({
          tenant_id: tenantId,
          article_id: id,
          version: 1,
          content: JSON.stringify(content),
          published_at: now,
          published_by_user_id: null,
          recorded_at: now,
        });
        for (const d of indexDocuments(content)) {
          stats = { documents: stats.documents + 1, length: stats.length + d.length };
          for (const [term, tf] of d.terms) {
            postings.push({
              tenant_id: tenantId,
              term,
              article_id: id,
              lang: d.lang,
              tf,
              doc_length: d.length,
              impact: postingImpact(tf, d.length),
            });
            if (trueDf) df.set(term, (df.get(term) ?? 0) + 1);
            if (typoTolerant(term) && !variantSeen.has(term)) {
              variantSeen.add(term);
              for (const variant of deletionVariants(term))
                variants.push({ tenant_id: tenantId, variant, term });
            }
          }
        }
      }
      await db.deps.db.insertInto('kb_articles').values(articles).execute();
      await db.deps.db.insertInto('kb_article_versions').values(versions).execute();
      for (let j = 0; j < postings.length; j += 2000) {
        await db.deps.db
          .insertInto('kb_postings')
          .values(postings.slice(j, j + 2000))
          .execute();
      }
      for (let j = 0; j < variants.length; j += 2000) {
        await db.deps.db
          .insertInto('kb_term_variants')
          .values(variants.slice(j, j + 2000))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    const dfRows = [...df].map(([term, n]) => ({ tenant_id: tenantId, term, df: n }));
    for (let j = 0; j < dfRows.length; j += 2000) {
      await db.deps.db
        .insertInto('kb_term_stats')
        .values(dfRows.slice(j, j + 2000))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'term']).doUpdateSet((eb) => ({
            df: eb('kb_term_stats.df', '+', eb.ref('excluded.df')),
          })),
        )
        .execute();
    }
    await db.deps.db
      .updateTable('kb_index_stats')
      .set((eb) => ({
        documents: eb('documents', '+', stats.documents),
        total_length: eb('total_length', '+', stats.length),
      }))
      .where('tenant_id', '=', tenantId)
      .execute();
    const postingsCount = await db.deps.db
      .selectFrom('kb_postings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    process.stdout.write(
      `engine ${ENGINE}${trueDf ? ' (true df)' : ''}; ${size.toLocaleString('en-US')} generated articles + ${DEMO_ARTICLES.length} demo articles, ${Number(postingsCount.n).toLocaleString('en-US')} postings, written in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );

    const fixture = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../test/fixtures/kb-search-queries.json'), 'utf8'),
    ) as Fixture;
    // What autovacuum keeps on a live database after a bulk load: the planner's row counts.
    await sql`ANALYZE kb_postings`.execute(db.deps.db);
    const times: number[] = [];
    for (const lang of ['en', 'zh'] as const) {
      let found = 0;
      const misses: string[] = [];
      for (const { q, expect } of fixture[lang]) {
        const started = performance.now();
        const hits = await searchWithReader(
          db.deps,
          tenantId,
          { kind: 'staff' },
          { query: q, lang, limit: 3 },
        );
        times.push(performance.now() - started);
        if (hits.some((h) => h.key === expect)) found++;
        else misses.push(q);
      }
      process.stdout.write(
        `recall@3 ${lang}: ${(found / fixture[lang].length).toFixed(3)} (${found}/${fixture[lang].length})${misses.length ? `; missed: ${misses.join(' | ')}` : ''}\n`,
      );
    }
    // The reference: one article row by its primary key, the cheapest read a page makes.
    const ids = await db.deps.db
      .selectFrom('kb_articles')
      .select('article_id')
      .where('tenant_id', '=', tenantId)
      .limit(200)
      .execute();
    const refTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const { article_id } of ids) {
        const started = performance.now();
        await db.deps.db
          .selectFrom('kb_articles')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('article_id', '=', article_id)
          .executeTakeFirst();
        refTimes.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    refTimes.sort((a, b) => a - b);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    process.stdout.write(
      `search: ${mean(times).toFixed(2)} ms per query (p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms, ${times.length} queries)\n` +
        `reference, primary-key lookup of one article: ${mean(refTimes).toFixed(3)} ms (p50 ${percentile(refTimes, 0.5).toFixed(3)} ms, p95 ${percentile(refTimes, 0.95).toFixed(3)} ms)\n`,
    );
    if (process.argv.includes('--explain')) {
      // The plans of the two reads a query makes, for the first query of each language.
      for (const lang of ['en', 'zh'] as const) {
        const terms = termsOf(fixture[lang][0]?.q ?? '');
        const top = await topPostings(tenantId, terms).execute(db.deps.db);
        const ids = [...new Set(top.rows.map((r) => r.article_id))].slice(0, 100);
        for (const [name, query] of [
          ['top postings', topPostings(tenantId, terms)],
          [
            'completion',
            postingsOf(
              tenantId,
              ids.flatMap(() => terms),
              ids.flatMap((id) => terms.map(() => id)),
            ),
          ],
        ] as const) {
          const plan = await sql<Record<string, string>>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(
            db.deps.db,
          );
          process.stdout.write(
            `-- ${name}, ${lang} "${fixture[lang][0]?.q}":\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}\n`,
          );
        }
      }
    }
    // Query words, to show what the segmenter made of the first Chinese query.
    process.stdout.write(`segmented "${fixture.zh[0]?.q}": ${termsOf(fixture.zh[0]?.q ?? '').join(' | ')}\n`);
  } finally {
    await db.close();
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchWithReader } from '../src/app/knowledge/index.ts';
import { type DemoServer, startDemoServer } from './support/http.ts';

/**
 * Search quality on the demo knowledge base: each query of test/fixtures/kb-search-queries.json
 * must find its article among the first three. The thresholds are what was measured when the
 * fixture was written, rounded down (see README, Knowledge base).
 */
interface QueryFixture {
  en: { q: string; expect: string }[];
  zh: { q: string; expect: string }[];
}

const QUERIES: QueryFixture = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures/kb-search-queries.json'), 'utf8'),
);

const RECALL_AT_3_THRESHOLD = { en: 0.95, zh: 0.95 };

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

describe('knowledge-base search quality', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`finds the expected article in the top 3 for the ${lang} queries`, async () => {
      expect(QUERIES[lang].length).toBeGreaterThanOrEqual(40);
      const misses: string[] = [];
      for (const { q, expect: key } of QUERIES[lang]) {
        const hits = await searchWithReader(
          server.db.deps,
          server.tenantId,
          { kind: 'staff' },
          { query: q, lang, limit: 3 },
        );
        if (!hits.some((h) => h.key === key)) misses.push(`${q} -> ${hits.map((h) => h.key).join(', ')}`);
      }
      const recall = 1 - misses.length / QUERIES[lang].length;
      console.log(`recall@3 ${lang}: ${recall.toFixed(3)}`, misses);
      expect(recall).toBeGreaterThanOrEqual(RECALL_AT_3_THRESHOLD[lang]);
    });
  }
});

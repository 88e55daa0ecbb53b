import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that never open a database: the pure domain, and file-only commands (the terms review
 * converts with LibreOffice, 30-50 s a document). `npm test` runs them; the second pass of
 * `.ci/run`, on PostgreSQL (DATABASE_URL set), leaves them out, since an engine cannot change them.
 */
const ENGINE_INDEPENDENT = [
  'src/domain/**/*.test.ts',
  'test/terms-review.test.ts',
  'test/terms-cli.test.ts',
  'test/build.test.ts',
];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(process.env.DATABASE_URL ? ENGINE_INDEPENDENT : [])],
    // Each test file opens its own database; PGlite start-up and argon2 hashing are slow-ish.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/web-global-setup.ts', 'test/support/database-images.ts'],
  },
});

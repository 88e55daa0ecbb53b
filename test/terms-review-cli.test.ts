/** The terms review's workflow steps at the command line, acting as a named user. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliStorageForFile, run } from './support/cli.ts';
import { EXAMPLES_DIR } from './support/http.ts';

cliStorageForFile();

describe('terms review-data and accept-markup', () => {
  it('stores the review data as a manager, and accepts the mark-up of Huadong’s agreement', async () => {
    expect((await run('seed', '--demo')).code).toBe(0);
    const refused = await run(
      'terms',
      'review-data',
      '--as',
      'agent@acme.example',
      '--set',
      path.join(EXAMPLES_DIR, 'review/acme-data.yaml'),
    );
    expect(refused.code).not.toBe(0);
    const stored = await run(
      'terms',
      'review-data',
      '--as',
      'manager@acme.example',
      '--set',
      path.join(EXAMPLES_DIR, 'review/acme-data.yaml'),
    );
    expect(stored.code).toBe(0);
    expect(stored.out.join('\n')).toContain('revision: 1');
    const accepted = await run(
      'terms',
      'accept-markup',
      '--as',
      'manager@acme.example',
      '--agreement',
      'huadong-distribution',
      '--effective-from',
      '2026-12-01',
    );
    expect(accepted.code).toBe(0);
    expect(accepted.out[0]).toMatch(
      /^accepted huadong-distribution v2 \(supersedes v1, from 2026-12-01\): §/,
    );
  });
});

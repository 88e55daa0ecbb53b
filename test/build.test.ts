import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script, without type declarations.
import { serverIsStale } from '../scripts/build-server.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Packages `--help` must not load: the databases, the HTTP server, the password hasher, the calendars. */
const HEAVY =
  /^(@electric-sql\/pglite|pg|kysely|fastify|@fastify\/|argon2|date-holidays|chinese-days|pino|@aws-sdk\/)/;

/** Every module the file imports statically, following the bundle's own chunks. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const text = fs.readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";|^import\s*"([^"]+)";/gms)) {
    const name = match[1] ?? match[2]!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (name.startsWith('./')) staticImports(path.join(DIST, name), seen);
  }
  return seen;
}

const stale: boolean = serverIsStale();

// `npm install` / `npm ci` builds dist/ (prepare); a checkout edited since runs from source.
describe.skipIf(stale)(
  'the built command line (dist/, made by npm install; skipped while dist/ is older than src/)',
  () => {
    it('loads no database, server or calendar package for --help', () => {
      const loaded = [...staticImports(path.join(DIST, 'cli.js'))].filter((n) => !n.startsWith('./'));
      expect(loaded.filter((n) => HEAVY.test(n))).toEqual([]);
      expect(loaded).toContain('commander');
    });

    it('answers --help from dist/, and prints how long it took beside a bare node', () => {
      const time = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
        const started = performance.now();
        const result = spawnSync(process.execPath, args, { encoding: 'utf8', env });
        return { ms: performance.now() - started, result };
      };
      const bare = time(['-e', '0']);
      const built = time([path.join(ROOT, 'bin/servicebook.js'), '--help']);
      expect(built.result.status).toBe(0);
      expect(built.result.stdout).toContain('blobs');
      expect(built.result.stderr).toBe('');
      const source = time([path.join(ROOT, 'bin/servicebook.js'), '--help'], {
        ...process.env,
        SERVICEBOOK_FROM_SOURCE: '1',
      });
      expect(source.result.stdout).toBe(built.result.stdout);
      console.log(
        `servicebook --help: ${Math.round(built.ms)} ms built, ${Math.round(source.ms)} ms from source; node -e 0: ${Math.round(bare.ms)} ms`,
      );
    });
  },
);

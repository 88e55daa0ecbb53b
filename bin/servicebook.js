#!/usr/bin/env node
// Runs the compiled command line (dist/, built by `npm install` through scripts/build-server.mjs)
// when it is current. In a checkout where dist/ is missing or older than a source file, or with
// SERVICEBOOK_FROM_SOURCE=1, it runs the TypeScript sources through tsx instead, and says so on
// stderr when dist/ exists but is stale (rebuild with `npm run build:server`).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', 'build.json');

async function compiledIsCurrent() {
  if (process.env.SERVICEBOOK_FROM_SOURCE === '1' || !fs.existsSync(stamp)) return false;
  const { newestSource } = await import('../scripts/build-server.mjs');
  if (fs.statSync(stamp).mtimeMs >= newestSource()) return true;
  process.stderr.write(
    'servicebook: dist/ is older than src/: running from source (tsx); `npm run build:server` rebuilds it\n',
  );
  return false;
}

let runCli;
if (await compiledIsCurrent()) {
  ({ runCli } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/main.ts'));
}
const code = await runCli(process.argv.slice(2));
// `serve` keeps the process alive with its server; every other command ends here.
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);

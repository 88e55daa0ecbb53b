#!/usr/bin/env node
// Compiles the server and the command line (src/ -> dist/) with esbuild, once, so that
// `servicebook` and `npm start` run JavaScript instead of compiling TypeScript on every start.
// With --if-stale, only when dist/ is missing or older than a source file: `npm install`
// (prepare) calls it that way. bin/servicebook.js runs dist/ when it is current, else the sources.
//
// One bundle split at the dynamic imports: `servicebook --help` loads the command line only, and
// the database, the HTTP server and each command's use cases come in when a command runs.
// Packages stay outside the bundle (node_modules is there at run time). Every output file sits
// directly in dist/, one folder below the root like src/*.ts, so `import.meta.dirname/..` is the
// project root in both.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
/** Written last: its presence says the build finished; bin/servicebook.js reads `builtFrom`. */
const stamp = path.join(dist, 'build.json');

/** Newest modification time (ms) of the files the build is made from. */
export function newestSource() {
  // Run before every command in a checkout (bin/servicebook.js): stat only what the build reads.
  let newest = fs.statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const src = path.join(root, 'src');
  for (const entry of fs.readdirSync(src, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function serverIsStale() {
  if (!fs.existsSync(stamp)) return true;
  return fs.statSync(stamp).mtimeMs < newestSource();
}

export async function buildServer() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    console.warn('servicebook: esbuild is not installed: the server runs from source (tsx)');
    return false;
  }
  const started = Date.now();
  fs.rmSync(dist, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'src/cli/main.ts',
      // The terms check runs in a worker thread started from a file beside its caller.
      'check-worker': 'src/app/terms/check-worker.ts',
    },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    sourcemap: true,
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  });
  // The sources start the worker through check-worker-boot.mjs (which registers tsx); built, the
  // same file name loads the compiled worker.
  fs.writeFileSync(path.join(dist, 'check-worker-boot.mjs'), "await import('./check-worker.js');\n");
  fs.writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
  fs.writeFileSync(
    stamp,
    `${JSON.stringify({ builtAt: new Date().toISOString(), ms: Date.now() - started })}\n`,
  );
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || serverIsStale()) {
    const built = await buildServer();
    if (built && !process.argv.includes('--quiet')) console.log(`servicebook: built dist/ from src/`);
  }
}

#!/usr/bin/env node
// Builds the web pages (web/ -> web/dist) with Vite. With --if-stale, only when web/dist is missing
// or older than a source file: `npm install` (prepare), the tests and `npm start` call it that way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of ['src', 'index.html', 'vite.config.ts', 'tsconfig.json']) visit(path.join(web, p));
  for (const p of ['src/http/contracts', 'package-lock.json']) visit(path.join(root, p));
  return newest;
}

export function webIsStale() {
  return !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestSource();
}

export function buildWeb() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) {
    console.warn('servicebook: Vite is not installed (production install?): the web pages are not built');
    return false;
  }
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('building the web pages failed');
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale') || webIsStale()) buildWeb();
}

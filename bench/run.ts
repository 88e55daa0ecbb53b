/**
 * `npm run bench` runs every benchmark; `npm run bench -- sla terms` runs the named ones.
 * Each benchmark is `bench/<name>.ts` exporting `run(): Promise<void>` (what they share is in
 * `bench/support/`), and prints each figure
 * beside its reference measured in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
// Options that take a value (`--cases 1000`, `--sizes 10000,100000`, `--engine pglite`, `--reuse URL`) are not names.
const VALUE_OPTIONS = new Set(['--cases', '--sizes', '--engine', '--reuse']);
const asked = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('-') && !VALUE_OPTIONS.has(all[i - 1] ?? ''));
const unknown = asked.filter((a) => !available.includes(a));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown benchmark: ${unknown.join(', ')}; available: ${available.join(', ') || '(none yet)'}\n`,
  );
  process.exit(2);
}
for (const name of asked.length > 0 ? asked : available) {
  process.stdout.write(`\n## ${name}\n`);
  const module = (await import(path.join(dir, `${name}.ts`))) as { run: () => Promise<void> };
  await module.run();
}

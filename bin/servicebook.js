#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx servicebook` works in a checkout without a build.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// `serve` keeps the process alive with its server; every other command ends here.
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);

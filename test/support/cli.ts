import { afterAll, beforeAll } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { newServerStorage, type ServerStorage } from './server-process.ts';

/**
 * The CLI reads its configuration from the environment, as it does for an operator: for the tests
 * of one file, point DATA_DIR (and DATABASE_URL on PostgreSQL) at scratch storage, then put both back.
 */
export function cliStorageForFile(): { readonly current: ServerStorage } {
  const holder = {} as { current: ServerStorage };
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  beforeAll(async () => {
    holder.current = await newServerStorage();
    process.env.DATA_DIR = holder.current.dataDir;
    if (holder.current.databaseUrl) process.env.DATABASE_URL = holder.current.databaseUrl;
  });
  afterAll(async () => {
    process.env.DATA_DIR = saved.DATA_DIR;
    if (saved.DATABASE_URL) process.env.DATABASE_URL = saved.DATABASE_URL;
    if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
    await holder.current?.dispose();
  });
  return holder;
}

/** Runs the CLI in this process and collects what it prints. */
export async function run(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCli(args, (t) => {
    out.push(t);
  });
  return { code, out };
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT_FAILED, EXIT_OK } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/main.ts';
import { cliStorageForFile, run } from './support/cli.ts';
import { ENGINE } from './support/database.ts';
import { startServerProcess } from './support/server-process.ts';

/**
 * The CLI and the server on one data folder. On PGlite the folder is one process's at a time: the
 * CLI opened beside a running server used to write where the server never looked (a token made so
 * answered 401 until a restart). On PostgreSQL both work at once, and see each other's writes.
 */
const storage = cliStorageForFile();
const lockFile = () => path.join(storage.current.dataDir, 'pglite.lock');

let stderr = '';
afterEach(() => {
  vi.restoreAllMocks();
  stderr = '';
});
function captureStderr() {
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
}

async function tokenWorks(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function tokensNamed(name: string): Promise<number> {
  const runtime = await openRuntime(loadConfig());
  try {
    const rows = await runtime.deps.db
      .selectFrom('api_tokens')
      .select('token_id')
      .where('name', '=', name)
      .execute();
    return rows.length;
  } finally {
    await runtime.close();
  }
}

describe(`the CLI beside a running server, on ${ENGINE}`, () => {
  it('refuses (PGlite) or works through the shared database (PostgreSQL); after the server stops the CLI works', async () => {
    const server = await startServerProcess(storage.current, 150_000);
    let stopped = false;
    try {
      captureStderr();
      const beside = await run(
        'token',
        'create',
        '--user',
        'admin@acme.example',
        '--name',
        'beside the server',
      );
      vi.restoreAllMocks();
      if (ENGINE === 'pglite') {
        expect(beside.code).toBe(EXIT_FAILED);
        expect(beside.out).toEqual([]);
        const folder = path.join(storage.current.dataDir, 'pglite');
        expect(stderr).toContain(`The embedded database in ${folder} is open in process ${server.child.pid}`);
        expect(stderr).toContain('"servicebook serve"');
        expect(stderr).toContain(`内嵌数据库 ${folder} 正由`);
        // The lock is still the server's.
        expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({
          pid: server.child.pid,
          command: 'serve',
        });

        // A second server on the same folder is refused the same way, and exits 1.
        await expect(startServerProcess(storage.current, 150_000)).rejects.toThrow(/is open in process/);
      } else {
        expect(beside.code).toBe(EXIT_OK);
        expect(await tokenWorks(server.url, beside.out[1]!)).toBe(200);
      }

      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      stopped = true;
      if (ENGINE === 'pglite') {
        expect(fs.existsSync(lockFile())).toBe(false);
        // Nothing was written by the refused command.
        expect(await tokensNamed('beside the server')).toBe(0);
      }

      const after = await run(
        'token',
        'create',
        '--user',
        'admin@acme.example',
        '--name',
        'after the server',
      );
      expect(after.code).toBe(EXIT_OK);
      expect(fs.existsSync(lockFile())).toBe(false);
      const again = await startServerProcess(storage.current, 150_000);
      try {
        expect(await tokenWorks(again.url, after.out[1]!)).toBe(200);
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      if (!stopped) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
  }, 600_000);

  it.runIf(ENGINE === 'pglite')('takes over a lock left by a process that died (kill -9)', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    fs.writeFileSync(
      lockFile(),
      JSON.stringify({ pid: dead, host: os.hostname(), command: 'serve', since: '2026-12-01T00:00:00.000Z' }),
    );
    const taken = await run('token', 'create', '--user', 'admin@acme.example', '--name', 'after a crash');
    expect(taken.code).toBe(EXIT_OK);
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(await tokensNamed('after a crash')).toBe(1);
  });

  it.runIf(ENGINE === 'pglite')(
    'refuses while a live process holds the lock, then works once it is gone',
    async () => {
      const runtime = await openRuntime(loadConfig(), 'evidence verify');
      try {
        captureStderr();
        const refused = await run('token', 'create', '--user', 'admin@acme.example', '--name', 'refused');
        vi.restoreAllMocks();
        expect(refused.code).toBe(EXIT_FAILED);
        expect(stderr).toContain(`open in process ${process.pid}`);
        expect(stderr).toContain('"servicebook evidence verify"');
      } finally {
        await runtime.close();
      }
      expect(await tokensNamed('refused')).toBe(0);
    },
  );
});

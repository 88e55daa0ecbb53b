import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createScratchPostgres, ENGINE } from './database.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Where a server process keeps its data: a PGlite folder, or a scratch PostgreSQL database. */
export interface ServerStorage {
  dataDir: string;
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

export async function newServerStorage(): Promise<ServerStorage> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-proc-'));
  const scratch = ENGINE === 'postgres' ? await createScratchPostgres() : undefined;
  return {
    dataDir,
    databaseUrl: scratch?.url,
    dispose: async () => {
      await scratch?.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.rm(`${dataDir}-key`, { recursive: true, force: true });
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `servicebook serve` as a user would (`npm start` runs the same), and waits for /readyz. */
export async function startServerProcess(
  storage: ServerStorage,
  timeoutMs = 60_000,
): Promise<ServerProcess & { startMs: number }> {
  const port = await freePort();
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: storage.dataDir,
    LOG_LEVEL: 'info',
    // Each test server signs with a key of its own, kept beside (never inside) its data folder,
    // and remembers its heads there: test runs do not share ~/.config/servicebook.
    SERVICEBOOK_SIGNING_KEY_FILE: `${storage.dataDir}-key/evidence-ed25519.pem`,
  };
  if (storage.databaseUrl) env.DATABASE_URL = storage.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/servicebook.js'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  let exitedEarly = false;
  void exited.then(() => {
    exitedEarly = true;
  });
  while (Date.now() - started < timeoutMs) {
    if (exitedEarly) throw new Error(`server exited before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200)
        return { child, url, output: () => output, exited, startMs: Date.now() - started };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
}

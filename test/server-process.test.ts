import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import { newServerStorage, type ServerStorage, startServerProcess } from './support/server-process.ts';

/**
 * The server as a new user and an operator meet it: a real process, a real socket, a real data
 * folder (PGlite) or database (PostgreSQL), killed without warning in the middle of writes.
 */
let storage: ServerStorage;
beforeAll(async () => {
  storage = await newServerStorage();
});
afterAll(async () => {
  await storage?.dispose();
});

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'servicebook-demo' }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('sb_session='))!
    .split(';')[0]!;
  return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

describe(`the server process on ${ENGINE}`, () => {
  it('starts on an empty store within 30 s with the demo, and a demo sign-in works', async () => {
    const server = await startServerProcess(storage);
    try {
      expect(server.startMs).toBeLessThan(30_000);
      expect(server.output()).toContain('Demo sign-ins');
      expect(server.output()).toContain('admin@acme.example');
      const session = await signIn(server.url, 'admin@acme.example');
      const units = await fetch(`${server.url}/api/v1/units?limit=1`, {
        headers: { cookie: session.cookie },
      });
      expect(units.status).toBe(200);
      const logLine = server
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"listening"'));
      expect(logLine, 'structured JSON log with the listening address').toBeDefined();
      expect(JSON.parse(logLine!)).toMatchObject({ level: 30, database: ENGINE });
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 90_000);

  it('keeps every acknowledged write through kill -9', async () => {
    let server = await startServerProcess(storage);
    const session = await signIn(server.url, 'admin@acme.example');
    const acknowledged: string[] = [];
    let stop = false;
    // Four writers at once, as a busy office would; each write is acknowledged by its 201.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const key = `durable-${w}-${i}`;
        try {
          const response = await fetch(`${server.url}/api/v1/parties`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: session.cookie,
              'x-csrf-token': session.csrf,
            },
            body: JSON.stringify({ key, name: `Durable ${w}/${i}`, roles: ['customer'] }),
          });
          if (response.status === 201) acknowledged.push(key);
          else throw new Error(`unexpected ${response.status}`);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 120) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    const killedAt = acknowledged.length;
    stop = true;
    await Promise.all(writers);
    expect((await server.exited).signal).toBe('SIGKILL');

    server = await startServerProcess(storage);
    try {
      const again = await signIn(server.url, 'admin@acme.example');
      const keys = new Set<string>();
      let cursor: string | undefined;
      do {
        const response = await fetch(
          `${server.url}/api/v1/parties?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          {
            headers: { cookie: again.cookie },
          },
        );
        const page = (await response.json()) as { items: { key: string }[]; nextCursor?: string };
        for (const p of page.items) keys.add(p.key);
        cursor = page.nextCursor;
      } while (cursor);
      const lost = acknowledged.filter((k) => !keys.has(k));
      expect(killedAt).toBeGreaterThanOrEqual(120);
      expect(lost).toEqual([]);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 120_000);

  it('on SIGTERM finishes the requests in flight, then exits 0', async () => {
    const server = await startServerProcess(storage);
    // Sign-ins take tens of milliseconds each (argon2id), so these are still running at SIGTERM.
    const inFlight = Array.from({ length: 8 }, () =>
      fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager@acme.example', password: 'servicebook-demo' }),
      }).then((r) => r.status),
    );
    // In flight means the server has them: wait until it logged all eight as received.
    const received = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('"url":"/api/v1/auth/sign-in"')).length;
    while (received() < 8) await new Promise((r) => setTimeout(r, 2));
    server.child.kill('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 90_000);
});

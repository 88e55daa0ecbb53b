/**
 * Abuse benchmark (issue 12): the demo on PGlite, the app listening on 127.0.0.1. A normal user
 * polls `/healthz` and the case queue for a while alone, then again while 8 hostile clients send
 * large terms files to check, large invalid bodies to a case they cannot see, and wrong
 * sign-ins in parallel. Prints `/healthz` p99 and the queue's p95 beside the same measured alone.
 */
import type { AddressInfo } from 'node:net';
import { seedDemo } from '../src/app/demo/seed-demo.ts';
import { checkReadiness } from '../src/app/system/check-readiness.ts';
import { buildApp } from '../src/http/app.ts';
import { openTestDatabase } from '../test/support/database.ts';
import { DEMO_PASSWORD, EXAMPLES_DIR } from '../test/support/http.ts';

const MEASURE_MS = 10_000;

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function run(): Promise<void> {
  const db = await openTestDatabase();
  await seedDemo(db.deps, EXAMPLES_DIR);
  const app = await buildApp({ app: db.deps, readiness: () => checkReadiness(db.deps.db), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const signIn = async (email: string) => {
    const r = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    const cookie = /sb_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
    return { cookie: `sb_session=${cookie}`, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  };
  const agent = await signIn('agent@acme.example');
  const counsel = await signIn('counsel@acme.example');
  const customer = await signIn('zhang.wei@example.com');
  const post = (who: { cookie: string; csrf: string }, url: string, body: string) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
      body,
    });
  const opened = await post(
    agent,
    '/api/v1/cases',
    JSON.stringify({ kind: 'repair', severity: 'normal', serial: 'CH9-2025-00417', description: 'bench' }),
  );
  const caseId = ((await opened.json()) as { id: string }).id;

  let unknown = '';
  for (let i = 0; unknown.length < 180_000; i++) unknown += `unknown_key_${i}: ${i}\n`;
  const yamlBody = JSON.stringify({
    files: Array.from({ length: 5 }, (_, i) => ({ name: `big-${i}.yaml`, text: unknown })),
  });
  const junkBody = JSON.stringify({
    body: 'x',
    attachments: Array.from({ length: 60_000 }, (_, i) => ({ name: `f${i}`, colour: 'red' })),
  });
  const wrongSignIn = JSON.stringify({ email: 'agent@acme.example', password: 'wrong-password' });

  async function measure(): Promise<{ health: number[]; queue: number[] }> {
    const health: number[] = [];
    const queue: number[] = [];
    const until = Date.now() + MEASURE_MS;
    const timed = async (into: number[], go: () => Promise<Response>) => {
      while (Date.now() < until) {
        const t = performance.now();
        await (await go()).arrayBuffer();
        into.push(performance.now() - t);
      }
    };
    await Promise.all([
      timed(health, () => fetch(`${base}/healthz`)),
      timed(queue, () => fetch(`${base}/api/v1/cases/queue`, { headers: { cookie: agent.cookie } })),
    ]);
    return { health, queue };
  }

  const calm = await measure();
  let stop = false;
  const hostile = (go: () => Promise<Response>) =>
    (async () => {
      while (!stop) await (await go().catch(() => new Response(''))).arrayBuffer();
    })();
  const attackers = [
    ...Array.from({ length: 3 }, () => hostile(() => post(counsel, '/api/v1/terms/check', yamlBody))),
    ...Array.from({ length: 3 }, () =>
      hostile(() => post(customer, `/api/v1/cases/${caseId}/messages`, junkBody)),
    ),
    ...Array.from({ length: 2 }, () =>
      hostile(() =>
        fetch(`${base}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: wrongSignIn,
        }),
      ),
    ),
  ];
  const attacked = await measure();
  stop = true;
  await Promise.all(attackers);

  // A sign-in flood at concurrency 30 (issue 12): wrong passwords, oversized bodies (2 MiB, past
  // the route's limit) and invalid JSON, 10 clients each, beside healthz alone in the same run.
  const calm30 = await measure();
  stop = false;
  const bigBody = JSON.stringify({ email: 'agent@acme.example', password: 'x'.repeat(2 * 1024 * 1024) });
  const signInWith = (body: string) => () =>
    fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  const flood = [
    ...Array.from({ length: 10 }, () => hostile(signInWith(wrongSignIn))),
    ...Array.from({ length: 10 }, () => hostile(signInWith(bigBody))),
    ...Array.from({ length: 10 }, () => hostile(signInWith('{"email": "a@b.c", "password": '))),
  ];
  const flooded = await measure();
  stop = true;
  await Promise.all(flood);
  await app.close();
  await db.close();

  const row = (label: string, a: number, b: number) =>
    process.stdout.write(
      `${label.padEnd(28)} ${a.toFixed(1).padStart(9)} ms ${b.toFixed(1).padStart(9)} ms\n`,
    );
  process.stdout.write(`${''.padEnd(28)} ${'alone'.padStart(12)} ${'8 hostile'.padStart(12)}\n`);
  row('/healthz p99', pct(calm.health, 99), pct(attacked.health, 99));
  row('/cases/queue p95 (agent)', pct(calm.queue, 95), pct(attacked.queue, 95));
  process.stdout.write(
    `requests: healthz ${calm.health.length} / ${attacked.health.length}, queue ${calm.queue.length} / ${attacked.queue.length}\n`,
  );
  process.stdout.write(`\n${''.padEnd(28)} ${'alone'.padStart(12)} ${'30 sign-in'.padStart(12)}\n`);
  row('/healthz p99', pct(calm30.health, 99), pct(flooded.health, 99));
  row('/healthz p50', pct(calm30.health, 50), pct(flooded.health, 50));
  row('/cases/queue p95 (agent)', pct(calm30.queue, 95), pct(flooded.queue, 95));
  process.stdout.write(`requests: healthz ${calm30.health.length} / ${flooded.health.length}\n`);
}

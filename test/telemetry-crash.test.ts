import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/main.ts';
import { cliStorageForFile, run } from './support/cli.ts';
import { ENGINE } from './support/database.ts';
import { type PrivateBroker, startPrivateBroker } from './support/mosquitto.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';

/**
 * A real server process (`servicebook serve`) ingests a unit's stream from a real mosquitto and is
 * killed (SIGKILL) while the stream flows: whatever batch it held was neither committed nor
 * acknowledged, or committed and not acknowledged. The publisher goes on meanwhile (the broker
 * keeps the server's sessions). After a restart with the same client ids, every message the
 * publisher got a PUBACK for is stored exactly once: one reading per message, and the hourly
 * rollup counted it once.
 */
const storage = cliStorageForFile();
const SERIAL = 'CH9-2024-00031';
const SERVER = { username: 'servicebook', password: 'the-server-at-the-broker' };
const MESSAGES = 600;
const STEP_MS = 500;
let broker: PrivateBroker | undefined;
let server: ServerProcess | undefined;
let out: string | undefined;
const savedEnv = { ...process.env };

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  await broker?.stop();
  if (out) await fs.rm(out, { recursive: true, force: true });
  for (const k of ['MQTT_URL', 'MQTT_USERNAME', 'MQTT_PASSWORD', 'MQTT_CLIENT_ID', 'MQTT_CONNECTIONS'])
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
});

/** Opens the server's database in this process (the server must be stopped on PGlite). */
async function withRuntime<T>(work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>) {
  const runtime = await openRuntime(loadConfig(), 'test');
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function signIn(url: string) {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@acme.example', password: 'servicebook-demo' }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('sb_session='))!
    .split(';')[0]!;
  return cookie;
}

/** The readings of leaving_water_temp counted by the unit's hourly rollups in [from, to], over the API. */
async function rolledUp(url: string, cookie: string, from: Date, to: Date): Promise<number> {
  const query = new URLSearchParams({
    from: new Date(from.getTime() - 3_600_000).toISOString(),
    to: to.toISOString(),
    metric: 'leaving_water_temp',
    step: 'hour',
  });
  const response = await fetch(`${url}/api/v1/units/by-serial/${SERIAL}/telemetry?${query}`, {
    headers: { cookie },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { series: Array<{ points: Array<{ n: number }> }> };
  return body.series.flatMap((s) => s.points).reduce((n, p) => n + p.n, 0);
}

describe(`telemetry ingestion killed mid-stream on ${ENGINE}`, () => {
  it('every message the broker acknowledged to the unit is stored exactly once after a SIGKILL and a restart', async () => {
    expect((await run('seed', '--demo')).code).toBe(EXIT_OK);
    // Device credentials for the unit, as an agent issues them; the broker's files by the CLI.
    const credential = await withRuntime(async (runtime) => {
      const { issueDeviceCredential } = await import('../src/app/telemetry/index.ts');
      const db = runtime.deps.db;
      const agent = await db
        .selectFrom('users')
        .select(['tenant_id', 'user_id', 'party_id'])
        .where('email', '=', 'agent@acme.example')
        .executeTakeFirstOrThrow();
      const unit = await db
        .selectFrom('units')
        .select('unit_id')
        .where('tenant_id', '=', agent.tenant_id)
        .where('serial', '=', SERIAL)
        .executeTakeFirstOrThrow();
      return issueDeviceCredential(
        runtime.deps,
        {
          tenantId: agent.tenant_id,
          userId: agent.user_id,
          partyId: agent.party_id,
          role: 'agent',
          homeParty: true,
          authenticatedBy: 'session',
        },
        unit.unit_id,
      );
    });
    Object.assign(process.env, {
      MQTT_USERNAME: SERVER.username,
      MQTT_PASSWORD: SERVER.password,
      MQTT_CLIENT_ID: 'servicebook-crash-test',
      MQTT_CONNECTIONS: '8',
    });
    out = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-crash-broker-'));
    expect((await run('telemetry', 'broker-auth', '--out', out)).code).toBe(EXIT_OK);
    broker = await startPrivateBroker({
      passwordFile: await fs.readFile(path.join(out, 'passwords'), 'utf8'),
      aclFile: await fs.readFile(path.join(out, 'acl'), 'utf8'),
    });
    process.env.MQTT_URL = broker.url;

    server = await startServerProcess(storage.current, 200_000);
    let cookie = await signIn(server.url);
    // The stream: one message every STEP_MS of device time, ending a little before now.
    const first = new Date(Date.now() - MESSAGES * STEP_MS - 60_000);
    const last = new Date(first.getTime() + (MESSAGES - 1) * STEP_MS);
    const atOf = (i: number) => new Date(first.getTime() + i * STEP_MS).toISOString();
    const before = await rolledUp(server.url, cookie, first, last);
    const device = await mqtt.connectAsync(broker.url, {
      username: credential.username,
      password: credential.password,
      reconnectPeriod: 0,
    });
    const acknowledged = new Set<string>();
    const publishing = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        const at = atOf(i);
        // The promise settles on the broker's PUBACK.
        await device.publishAsync(
          credential.topic,
          JSON.stringify({ at, values: { leaving_water_temp: 7 + (i % 10) / 10 } }),
          { qos: 1 },
        );
        acknowledged.add(at);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    // Kill the server once it has stored some of the stream and while the rest keeps coming.
    let storedBeforeKill = 0;
    for (let i = 0; i < 2400 && storedBeforeKill < 40; i++) {
      storedBeforeKill = (await rolledUp(server.url, cookie, first, last)) - before;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(storedBeforeKill).toBeGreaterThanOrEqual(40);
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    const publishedAtKill = acknowledged.size;
    expect(publishedAtKill).toBeLessThan(MESSAGES);

    // The unit goes on publishing while the server is away; then the server comes back.
    await publishing;
    await device.endAsync();
    expect(acknowledged.size).toBe(MESSAGES);
    server = await startServerProcess(storage.current, 200_000);
    const restarted = server;
    cookie = await signIn(server.url).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${restarted.output()}`);
    });
    let counted = 0;
    for (let i = 0; i < 1200 && counted < MESSAGES; i++) {
      counted = (await rolledUp(server.url, cookie, first, last)) - before;
      if (counted < MESSAGES) await new Promise((r) => setTimeout(r, 100));
    }
    // Give a redelivery that would count twice the time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    counted = (await rolledUp(server.url, cookie, first, last)) - before;
    const stop = server.exited;
    server.child.kill('SIGTERM');
    await stop;

    // Each acknowledged message is one reading, and the rollups counted each once.
    const stored = await withRuntime(async (runtime) => {
      const rows = await runtime.deps.db
        .selectFrom('telemetry_readings')
        .innerJoin('units', (j) =>
          j
            .onRef('units.tenant_id', '=', 'telemetry_readings.tenant_id')
            .onRef('units.unit_id', '=', 'telemetry_readings.unit_id'),
        )
        .select(['read_at', 'value'])
        .where('units.serial', '=', SERIAL)
        .where('metric', '=', 'leaving_water_temp')
        .where('read_at', '>=', first)
        .where('read_at', '<=', last)
        .execute();
      return rows.map((r) => new Date(r.read_at).toISOString());
    });
    process.stdout.write(
      `${ENGINE}: killed with ${publishedAtKill} of ${MESSAGES} messages acknowledged by the broker and ${storedBeforeKill} stored; after the restart ${stored.length} readings, ${counted} counted by the rollups\n`,
    );
    expect({ publishedAtKill, storedBeforeKill, stored: stored.length, counted }).toMatchObject({
      stored: MESSAGES,
      counted: MESSAGES,
    });
    expect(new Set(stored).size).toBe(stored.length);
    expect([...acknowledged].filter((at) => !stored.includes(at))).toEqual([]);
  }, 900_000);
});

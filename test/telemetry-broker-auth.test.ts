import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/main.ts';
import { cliStorageForFile, run } from './support/cli.ts';
import { type PrivateBroker, startPrivateBroker } from './support/mosquitto.ts';

cliStorageForFile();

const SERVER = { username: 'servicebook', password: 'the-server-at-the-broker' };
let broker: PrivateBroker | undefined;
let out: string | undefined;

afterAll(async () => {
  await broker?.stop();
  if (out) await fs.rm(out, { recursive: true, force: true });
  delete process.env.MQTT_USERNAME;
  delete process.env.MQTT_PASSWORD;
});

/** Issues device credentials for two units of the demo, as an agent would over the API. */
async function issueTwo() {
  const { issueDeviceCredential } = await import('../src/app/telemetry/index.ts');
  const runtime = await openRuntime(loadConfig(), 'test');
  try {
    const db = runtime.deps.db;
    const agent = await db
      .selectFrom('users')
      .select(['tenant_id', 'user_id', 'party_id'])
      .where('email', '=', 'agent@acme.example')
      .executeTakeFirstOrThrow();
    const units = await db
      .selectFrom('units')
      .select(['unit_id', 'serial'])
      .where('tenant_id', '=', agent.tenant_id)
      .orderBy((eb) => eb.case().when('serial', '=', 'CH9-2024-00031').then(0).else(1).end())
      .orderBy('serial')
      .limit(2)
      .execute();
    expect(units[0]!.serial).toBe('CH9-2024-00031');
    const actor = {
      tenantId: agent.tenant_id,
      userId: agent.user_id,
      partyId: agent.party_id,
      role: 'agent' as const,
      homeParty: true,
      authenticatedBy: 'session' as const,
    };
    const issued = [];
    for (const u of units) issued.push(await issueDeviceCredential(runtime.deps, actor, u.unit_id));
    return issued;
  } finally {
    await runtime.close();
  }
}

describe('servicebook telemetry broker-auth', () => {
  it('writes the files a real mosquitto takes: a unit publishes on its own topic and on no other', async () => {
    expect((await run('seed', '--demo')).code).toBe(EXIT_OK);
    const [unitA, unitB] = await issueTwo();
    out = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-broker-auth-'));

    // Without the server's own credentials there is nothing to write.
    expect((await run('telemetry', 'broker-auth', '--out', out)).code).toBe(EXIT_USAGE);

    process.env.MQTT_USERNAME = SERVER.username;
    process.env.MQTT_PASSWORD = SERVER.password;
    const written = await run('telemetry', 'broker-auth', '--out', out);
    expect(written.code).toBe(EXIT_OK);
    expect(written.out[0]).toContain('2 units');
    const passwordFile = await fs.readFile(path.join(out, 'passwords'), 'utf8');
    const aclFile = await fs.readFile(path.join(out, 'acl'), 'utf8');
    expect((await fs.stat(path.join(out, 'passwords'))).mode & 0o777).toBe(0o600);
    // Hashed in mosquitto's own PBKDF2-SHA512 form; no password in clear.
    expect(passwordFile).toMatch(/^acme\/CH9-2024-00031:\$7\$\d+\$/m);
    expect(passwordFile).not.toContain(unitA!.password);
    expect(aclFile).toContain('user acme/CH9-2024-00031\ntopic write sb/acme/CH9-2024-00031/telemetry');

    broker = await startPrivateBroker({ passwordFile, aclFile });
    const server = await mqtt.connectAsync(broker.url, { ...SERVER, reconnectPeriod: 0 });
    const received: string[] = [];
    server.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));
    await server.subscribeAsync('sb/#', { qos: 1 });
    const a = await mqtt.connectAsync(broker.url, {
      username: unitA!.username,
      password: unitA!.password,
      reconnectPeriod: 0,
    });
    await a.publishAsync(unitA!.topic, 'own', { qos: 1 });
    await a.publishAsync(unitB!.topic, 'forged', { qos: 1 });
    await a.publishAsync('sb/acme/CH9-2024-00031/other', 'elsewhere', { qos: 1 });
    // A unit cannot read the stream either.
    await a.subscribeAsync('sb/#', { qos: 1 });
    const b = await mqtt.connectAsync(broker.url, {
      username: unitB!.username,
      password: unitB!.password,
      reconnectPeriod: 0,
    });
    await b.publishAsync(unitB!.topic, 'b own', { qos: 1 });
    const aReceived: string[] = [];
    a.on('message', (topic) => aReceived.push(topic));
    for (let i = 0; i < 40 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(received.sort()).toEqual([`${unitA!.topic} own`, `${unitB!.topic} b own`].sort());
    expect(aReceived).toEqual([]);
    // A's password is not B's.
    await expect(
      mqtt.connectAsync(broker.url, {
        username: unitB!.username,
        password: unitA!.password,
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/Not authorized/);
    await Promise.all([a.endAsync(), b.endAsync(), server.endAsync()]);
  });
});

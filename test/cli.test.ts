import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { checkReadiness } from '../src/app/system/check-readiness.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { openRuntime } from '../src/main.ts';
import { MIGRATIONS } from '../src/store/migrations/index.ts';
import { cliStorageForFile, run } from './support/cli.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

const storage = cliStorageForFile();

describe('servicebook (in process)', () => {
  it('migrate brings an empty database up to date, twice without harm', async () => {
    expect(await run('migrate')).toEqual({
      code: EXIT_OK,
      out: [`Applied: ${Object.keys(MIGRATIONS).join(', ')}`],
    });
    expect(await run('migrate')).toEqual({ code: EXIT_OK, out: ['The database is up to date.'] });
  });

  it('seed --demo loads the scenario once and lists the sign-ins', async () => {
    const first = await run('seed', '--demo');
    expect(first.code).toBe(EXIT_OK);
    expect(first.out[0]).toMatch(
      /^Demo loaded: \d+ parties, 3 products, \d{3} units, 10 users, 12 documents\.$/,
    );
    expect(first.out.join('\n')).toContain('partner@fixit.example');
    const second = await run('seed', '--demo');
    expect(second.out[0]).toBe('The demo tenant exists already; nothing changed.');
  });

  it('user add creates a user who can sign in; token create prints a working token', async () => {
    process.env.SERVICEBOOK_PASSWORD = 'cli-made-password';
    const added = await run(
      'user',
      'add',
      '--email',
      'ops@pearlriver.example',
      '--name',
      'Ops',
      '--role',
      'partner',
      '--party',
      'pearl-river-service',
    );
    delete process.env.SERVICEBOOK_PASSWORD;
    expect(added).toEqual({
      code: EXIT_OK,
      out: ['Created ops@pearlriver.example (partner) in tenant acme.'],
    });

    const generated = await run(
      'user',
      'add',
      '--email',
      'gen@acme.example',
      '--name',
      'Gen',
      '--role',
      'agent',
      '--party',
      'acme',
    );
    expect(generated.out[1]).toMatch(/^Password \(shown once\): \S{16}$/);

    const token = await run('token', 'create', '--user', 'ops@pearlriver.example', '--name', 'dispatch');
    expect(token.code).toBe(EXIT_OK);
    const secret = token.out[1]!;
    expect(secret).toMatch(/^sbt_/);

    const runtime = await openRuntime(loadConfig());
    try {
      const app = await buildApp({
        app: runtime.deps,
        readiness: () => checkReadiness(runtime.deps.db),
        logger: false,
      });
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(me.json().party.key).toBe('pearl-river-service');
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: 'ops@pearlriver.example', password: 'cli-made-password' },
      });
      expect(signIn.statusCode).toBe(200);
      await app.close();
    } finally {
      await runtime.close();
    }
  });

  it('evidence checkpoint signs the head; evidence verify passes, then names an entry edited with SQL', async () => {
    const signed = await run('evidence', 'checkpoint');
    expect(signed.out[0]).toMatch(/^Signed entry \d+ \([0-9a-f]{64}\) with key [0-9a-f]{16}\.$/);
    const clean = await run('evidence', 'verify');
    expect(clean.code).toBe(EXIT_OK);
    expect(clean.out[1]).toMatch(/^OK: the chain is whole/);

    let tampered = 0;
    const runtime = await openRuntime(loadConfig());
    try {
      await sql`ALTER TABLE timeline_entries DISABLE TRIGGER USER`.execute(runtime.deps.db);
      // The entry that recorded the user "Ops" (made by `user add` above).
      const target = await sql<{
        seq: number;
      }>`SELECT seq FROM timeline_entries WHERE payload LIKE '%"name":"Ops"%'`.execute(runtime.deps.db);
      tampered = Number(target.rows[0]!.seq);
      await sql`UPDATE timeline_entries SET payload = replace(payload, 'Ops', 'Someone else') WHERE seq = ${tampered}`.execute(
        runtime.deps.db,
      );
      await sql`ALTER TABLE timeline_entries ENABLE TRIGGER USER`.execute(runtime.deps.db);
    } finally {
      await runtime.close();
    }
    const broken = await run('evidence', 'verify');
    expect(broken.code).toBe(EXIT_FAILED);
    expect(broken.out).toContain(
      `BROKEN: Entry ${tampered} was changed after it was recorded (its content no longer matches the hash its header holds).`,
    );
  });

  it('case open decides and starts clocks as a named user; dossier export writes a zip that dossier verify accepts', async () => {
    const opened = await run(
      'case',
      'open',
      '--as',
      'agent@acme.example',
      '--kind',
      'repair',
      '--severity',
      'critical',
      '--serial',
      'CH9-2025-00417',
      '--description',
      'Compressor trips',
      '--part-category',
      'compressor',
      '--cause',
      'manufacturing_defect',
    );
    expect(opened.code).toBe(EXIT_OK);
    expect(opened.out[0]).toMatch(/^Opened C-\d{6} for Ruijin Hospital \(CH9-2025-00417\)\.$/);
    expect(opened.out[1]).toMatch(/^Entitlement: covered \(§2\.3\)/);
    expect(
      opened.out.some((l) => /Promise to the customer, on site: 24 (business )?hours \(§4\) due /.test(l)),
    ).toBe(true);
    expect((await run('case', 'tick')).code).toBe(EXIT_OK);
    expect((await run('evidence', 'checkpoint')).code).toBe(EXIT_OK);

    const number = opened.out[0]!.split(' ')[1]!;
    const zip = path.join(storage.current.dataDir, 'dossier.zip');
    const exported = await run('dossier', 'export', '--case', number, '--out', zip);
    expect(exported.code).toBe(EXIT_OK);
    expect(exported.out[1]).toMatch(/^Covered by the checkpoint signed /);
    const verified = await run('dossier', 'verify', zip);
    expect(verified.code).toBe(EXIT_OK);
    expect(verified.out.at(-1)).toMatch(/^OK: the dossier is complete and unchanged/);
    expect((await run('dossier', 'export', '--out', zip)).code).toBe(EXIT_USAGE);
  });

  it('fails with 1 when the work fails, naming why', async () => {
    const unknownParty = await run(
      'user',
      'add',
      '--email',
      'x@y.example',
      '--name',
      'X',
      '--role',
      'agent',
      '--party',
      'nobody',
    );
    expect(unknownParty.code).toBe(EXIT_FAILED);
    const unknownUser = await run('token', 'create', '--user', 'ghost@acme.example', '--name', 'x');
    expect(unknownUser.code).toBe(EXIT_FAILED);
  });

  it('fails with 2 when called wrongly', async () => {
    expect((await run('seed')).code).toBe(EXIT_USAGE);
    expect((await run('user', 'add', '--email', 'a@b.example')).code).toBe(EXIT_USAGE);
    expect(
      (await run('user', 'add', '--email', 'a@b.example', '--name', 'A', '--role', 'king', '--party', 'acme'))
        .code,
    ).toBe(EXIT_USAGE);
    expect((await run('launch')).code).toBe(EXIT_USAGE);
  });
});

describe('the servicebook binary', () => {
  it('explains every command in --help and exits 0', () => {
    const help = spawnSync(process.execPath, [path.join(ROOT, 'bin/servicebook.js'), '--help'], {
      encoding: 'utf8',
    });
    expect(help.status).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'user', 'token'])
      expect(help.stdout).toContain(command);
    const userHelp = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/servicebook.js'), 'user', 'add', '--help'],
      { encoding: 'utf8' },
    );
    expect(userHelp.status).toBe(0);
    expect(userHelp.stdout).toContain('--party <key>');
  });

  it('exits 2 on an unknown command', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin/servicebook.js'), 'launch'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'launch'");
  });
});

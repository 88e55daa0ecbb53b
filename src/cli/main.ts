import { randomBytes } from 'node:crypto';
import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../app/errors.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { USER_ROLES, type UserRole } from '../domain/party/index.ts';
import { BlobsNotMoved, registerBlobCommands } from './blob-commands.ts';
import { registerCalendarCommands } from './calendar-commands.ts';
import { registerCaseCommands } from './case-commands.ts';
import { registerDossierCommands } from './dossier-commands.ts';
import { EvidenceBroken, registerEvidenceCommands } from './evidence-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';
import { running, UsageError, withRuntime } from './shared.ts';
import { registerTelemetryCommands } from './telemetry-commands.ts';
import { registerTermsCommands } from './terms-commands.ts';
import { registerTroubleshootingCommands } from './troubleshooting-commands.ts';

/** Exit codes: 0 ok, 1 the command failed, 2 it was called wrongly. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function buildProgram(out: (text: string) => void): Command {
  const program = new Command('servicebook')
    .description(
      'Servicebook: after-sales service terms as data, the service work run by them, and the evidence record.\n' +
        'Servicebook：将售后服务条款数据化，按条款运行日常服务，并保存证据记录。\n\n' +
        'Configuration comes from environment variables (see README.md): DATABASE_URL, DATA_DIR, PORT, ...',
    )
    .exitOverride()
    .showHelpAfterError()
    .hook('preAction', (_program, action) => {
      const names: string[] = [];
      for (let c: Command | null = action; c && c !== _program; c = c.parent) names.unshift(c.name());
      running.command = names.join(' ');
    });

  program
    .command('serve')
    .description(
      'Start the HTTP server: migrate, load the demo on an empty database, listen on PORT. / 启动服务器',
    )
    .action(async () => {
      const { startServer } = await import('../main.ts');
      await startServer(loadConfig());
    });

  program
    .command('migrate')
    .description('Run the database migrations not yet applied, then exit. / 执行数据库迁移')
    .action(async () => {
      const { migrateDatabase } = await import('../app/system/index.ts');
      await withRuntime(async (runtime) => {
        const report = await migrateDatabase(runtime.deps.db);
        out(
          report.applied.length === 0
            ? 'The database is up to date.'
            : `Applied: ${report.applied.join(', ')}`,
        );
      }, false);
    });

  program
    .command('seed')
    .description('Load data into the database. / 载入数据')
    .addOption(
      new Option(
        '--demo',
        'the ACME demo scenario: parties, users for each role, products, units, terms (ACME 演示数据)',
      ),
    )
    .action(async (options: { demo?: boolean }) => {
      if (!options.demo) throw new UsageError('say what to seed: --demo');
      const { seedDemo } = await import('../app/demo/index.ts');
      await withRuntime(async (runtime) => {
        const report = await seedDemo(runtime.deps, runtime.config.examplesDir);
        out(
          report.created
            ? `Demo loaded: ${report.counts.parties} parties, ${report.counts.products} products, ${report.counts.units} units, ${report.counts.users} users, ${report.counts.documents} documents.`
            : 'The demo tenant exists already; nothing changed.',
        );
        out(`Demo sign-ins (password "${report.password}"):`);
        for (const s of report.signIns) out(`  ${s.email}  ${s.role}  ${s.party}`);
      });
    });

  const user = program.command('user').description('Manage user accounts. / 管理用户');
  user
    .command('add')
    .description('Create a user; prints a generated password unless SERVICEBOOK_PASSWORD is set. / 新建用户')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--role <role>', 'what the person may do').choices(USER_ROLES).makeOptionMandatory(),
    )
    .requiredOption('--party <key>', 'key of the party the person belongs to, e.g. fixit-shanghai')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .addOption(new Option('--locale <locale>', 'language of the pages').choices(['en', 'zh']).default('en'))
    .action(
      async (options: {
        email: string;
        name: string;
        role: UserRole;
        party: string;
        tenant?: string;
        locale: 'en' | 'zh';
      }) => {
        // Passwords on the command line end up in shell history and `ps`: take it from the environment or make one.
        const given = process.env.SERVICEBOOK_PASSWORD;
        const password = given || randomBytes(12).toString('base64url');
        const [{ findTenant }, { insertUser }] = await Promise.all([
          import('../app/tenant/index.ts'),
          import('../app/user/index.ts'),
        ]);
        await withRuntime(async (runtime) => {
          const tenant = await findTenant(runtime.deps, options.tenant);
          const created = await insertUser(
            runtime.deps,
            { tenantId: tenant.tenantId, userId: null, authenticatedBy: 'cli' },
            {
              ...options,
              password,
            },
          );
          out(`Created ${created.email} (${created.role}) in tenant ${tenant.slug}.`);
          if (!given) out(`Password (shown once): ${password}`);
        });
      },
    );

  const token = program.command('token').description('Manage API tokens for integrations. / 管理 API 令牌');
  token
    .command('create')
    .description('Create an API token acting as a user; printed once, stored hashed. / 创建 API 令牌')
    .requiredOption('--user <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "ERP sync"')
    .action(async (options: { user: string; name: string }) => {
      const { createApiTokenForUser } = await import('../app/auth/index.ts');
      await withRuntime(async (runtime) => {
        const created = await createApiTokenForUser(runtime.deps, options.user, options.name);
        out(
          `Token "${created.name}" for ${options.user} (shown once, send as "Authorization: Bearer <token>"):`,
        );
        out(created.token);
      });
    });

  registerEvidenceCommands(program, out);
  registerDossierCommands(program, out);
  registerCaseCommands(program, out);
  registerCalendarCommands(program, out);
  registerTermsCommands(program, out);
  registerLedgerCommands(program, out);
  registerBlobCommands(program, out);
  registerTroubleshootingCommands(program, out);
  registerTelemetryCommands(program, out);
  return program;
}

/** Runs the CLI and returns the exit code; `serve` keeps running after this returns. */
export async function runCli(
  argv: string[],
  out: (text: string) => void = (text) => {
    process.stdout.write(`${text}\n`);
  },
): Promise<number> {
  const program = buildProgram(out);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      ) {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    if (error instanceof EvidenceBroken || error instanceof BlobsNotMoved) return EXIT_FAILED;
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof AppError) {
      const where = error.fields.map((f) => `\n  ${f.path}: ${f.message}`).join('');
      process.stderr.write(`error (${error.code}): ${error.message}${where}\n`);
      return EXIT_FAILED;
    }
    // Only a command that opened the database gets here with DataFolderBusy: main.ts is loaded then.
    const { DataFolderBusy } = await import('../main.ts');
    if (error instanceof DataFolderBusy) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_FAILED;
    }
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_FAILED;
  }
}

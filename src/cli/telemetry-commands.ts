import { type Command, Option } from 'commander';
import { type Out, UsageError, withRuntime } from './shared.ts';

/** `servicebook telemetry broker-auth`: the broker's password file and ACL from the units' credentials. */
export function registerTelemetryCommands(program: Command, out: Out): void {
  const telemetry = program.command('telemetry').description('Remote monitoring of units. / 远程监控');

  telemetry
    .command('broker-auth')
    .description(
      "Write mosquitto's password file and ACL: every unit with device credentials may publish only on its own topic sb/{tenant}/{serial}/telemetry; the server's user (MQTT_USERNAME, MQTT_PASSWORD) reads them all. Then have mosquitto read them again (kill -HUP). / 生成 mosquitto 的密码文件和访问控制列表",
    )
    .requiredOption('--out <dir>', 'the folder to write `passwords` and `acl` into')
    .addOption(new Option('--server-user <name>', "the server's user at the broker (default: MQTT_USERNAME)"))
    .action(async (options: { out: string; serverUser?: string }) => {
      const [fs, path, { brokerAuthFiles }] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('../app/telemetry/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const username = options.serverUser ?? runtime.config.mqttUsername;
        // The password comes from the environment only: a command line ends up in shell history and `ps`.
        const password = runtime.config.mqttPassword;
        if (!username || !password)
          throw new UsageError(
            "the server's credentials at the broker are needed: set MQTT_USERNAME (or --server-user) and MQTT_PASSWORD",
          );
        const files = await brokerAuthFiles(runtime.deps, { username, password });
        await fs.mkdir(options.out, { recursive: true });
        // Written beside and renamed over: mosquitto reading them on a SIGHUP never sees half a file.
        for (const [name, text] of [
          ['passwords', files.passwordFile],
          ['acl', files.aclFile],
        ] as const) {
          const target = path.join(options.out, name);
          await fs.writeFile(`${target}.new`, text, { mode: 0o600 });
          await fs.rename(`${target}.new`, target);
        }
        const units = files.passwordFile.trim().split('\n').length - 1;
        out(
          `Wrote ${path.join(options.out, 'passwords')} and ${path.join(options.out, 'acl')}: ${units} units, each on its own topic, and the server's user ${username}.`,
        );
        out(`已写入密码文件和访问控制列表：${units} 台设备（各自仅限本设备主题）及服务器用户 ${username}。`);
        out(
          'mosquitto.conf: password_file …/passwords, acl_file …/acl, allow_anonymous false; then kill -HUP.',
        );
      });
    });
}

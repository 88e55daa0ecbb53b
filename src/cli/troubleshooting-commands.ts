import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Out } from './shared.ts';
import { UsageError, withRuntime } from './shared.ts';

/** `servicebook guides import <files…>`: troubleshooting guides from YAML or JSON files. */
export function registerTroubleshootingCommands(program: Command, out: Out): void {
  const guides = program.command('guides').description('Troubleshooting guides. / 故障排查向导');
  guides
    .command('import')
    .description('Import guides, all or none; a changed guide becomes a new version. / 导入故障排查向导')
    .argument('<files...>', 'guide files (YAML or JSON), one guide each')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (files: string[], options: { tenant?: string }) => {
      const [{ importTrees }, { findTenant }] = await Promise.all([
        import('../app/troubleshooting/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      const sources = files.map((file) => {
        try {
          return { name: path.basename(file), text: fs.readFileSync(file, 'utf8') };
        } catch {
          throw new UsageError(`cannot read ${file}`);
        }
      });
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const imported = await importTrees(
          runtime.deps,
          { tenantId: tenant.tenantId, userId: null, authenticatedBy: 'cli' },
          sources,
        );
        for (const g of imported)
          out(
            g.changed
              ? `Stored guide ${g.key} (${g.product} ${g.faultCode}) version ${g.version}.`
              : `Guide ${g.key} version ${g.version} has this text already; nothing changed.`,
          );
      });
    });
}

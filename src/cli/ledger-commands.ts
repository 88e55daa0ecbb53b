import fs from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { CostKind } from '../domain/ledger/index.ts';
import { COST_KIND_LABELS, formatMinor, statementCsv } from '../domain/ledger/index.ts';
import { type Out, UsageError, withRuntime } from './shared.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerLedgerCommands(program: Command, out: Out): void {
  const ledger = program.command('ledger').description('The cost ledger. / 费用台账');
  ledger
    .command('statement')
    .description('A party’s statement for a period: what it bore, what it is owed and by whom. / 对账单')
    .requiredOption('--as <email>', 'the user asking (what they may see applies)')
    .requiredOption('--party <key>', 'the party, e.g. fixit-shanghai')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .addOption(
      new Option('--format <format>', 'text, csv or json').choices(['text', 'csv', 'json']).default('text'),
    )
    .option('--output <file>', 'write to a file instead of standard output')
    .action(
      async (options: {
        as: string;
        party: string;
        from: string;
        to: string;
        format: string;
        output?: string;
      }) => {
        const [{ actAsUser }, { ledgerStatement }] = await Promise.all([
          import('../app/auth/index.ts'),
          import('../app/ledger/index.ts'),
        ]);
        if (!DATE.test(options.from) || !DATE.test(options.to))
          throw new UsageError('--from and --to are dates, YYYY-MM-DD');
        await withRuntime(async (runtime) => {
          const actor = await actAsUser(runtime.deps, options.as);
          const statement = await ledgerStatement(runtime.deps, actor, {
            party: options.party,
            from: options.from,
            to: options.to,
          });
          let text: string;
          if (options.format === 'csv') text = statementCsv(statement).trimEnd();
          else if (options.format === 'json') text = JSON.stringify(statement, null, 2);
          else {
            const lines = [
              `Statement of ${statement.party}, ${statement.from} to ${statement.to} (${statement.lines.length} lines)`,
            ];
            for (const b of statement.bore)
              lines.push(
                `  bore ${COST_KIND_LABELS[b.kind as CostKind]?.en ?? b.kind}: ${formatMinor(b.amountMinor, b.currency)} ${b.currency} (${b.lines})`,
              );
            for (const o of statement.owedBy)
              lines.push(`  owed by ${o.party}: ${formatMinor(o.amountMinor, o.currency)} ${o.currency}`);
            for (const o of statement.owesTo)
              lines.push(`  owes ${o.party}: ${formatMinor(o.amountMinor, o.currency)} ${o.currency}`);
            text = lines.join('\n');
          }
          if (options.output) {
            await fs.writeFile(options.output, options.format === 'csv' ? `\uFEFF${text}\r\n` : `${text}\n`);
            out(`Wrote ${options.output}.`);
          } else out(text);
        });
      },
    );
}

import { type Command, Option } from 'commander';
import type { CaseKind, Severity } from '../domain/case/index.ts';
// The labels alone, not the case rules: those reach the terms and calendars, which --help must not load.
import { CASE_KIND_LABELS, CLOCK_SIDE_LABELS, SEVERITY_LABELS } from '../domain/case/labels.ts';
import { keysOf } from '../domain/label.ts';
import { TARGET_LABELS } from '../domain/terms/labels.ts';
import { durationInWords } from '../domain/time/labels.ts';
import { type Out, UsageError, withRuntime } from './shared.ts';

const CASE_KINDS = keysOf(CASE_KIND_LABELS);
const SEVERITIES = keysOf(SEVERITY_LABELS);

export function registerCaseCommands(program: Command, out: Out): void {
  const cases = program.command('case').description('Work with service cases. / 服务单');

  cases
    .command('open')
    .description('Open a case as a user: the entitlement is decided and the SLA clocks start. / 创建服务单')
    .requiredOption('--as <email>', 'the user who opens it (recorded as the actor)')
    .addOption(new Option('--kind <kind>', 'what is asked').choices(CASE_KINDS).makeOptionMandatory())
    .addOption(new Option('--severity <severity>', 'how urgent').choices(SEVERITIES).default('normal'))
    .option('--serial <serial>', "the unit's serial (needed except for an inquiry)")
    .option('--customer <key>', 'the customer party key (default: the unit’s owner)')
    .requiredOption('--description <text>', 'what the customer reports')
    .option('--channel <channel>', 'how it came in: phone, walk_in, email, console, portal, api', 'phone')
    .option('--part-category <category>', 'what failed, e.g. compressor')
    .option('--cause <cause>', 'why, e.g. manufacturing_defect')
    .option('--format <format>', 'text or json', 'text')
    .action(
      async (options: {
        as: string;
        kind: CaseKind;
        severity: Severity;
        serial?: string;
        customer?: string;
        description: string;
        channel: string;
        partCategory?: string;
        cause?: string;
        format: string;
      }) => {
        const [{ actAsUser }, { openCase }] = await Promise.all([
          import('../app/auth/index.ts'),
          import('../app/case/index.ts'),
        ]);
        if (Boolean(options.partCategory) !== Boolean(options.cause))
          throw new UsageError('give --part-category and --cause together');
        await withRuntime(async (runtime) => {
          const actor = await actAsUser(runtime.deps, options.as);
          const view = await openCase(runtime.deps, actor, {
            kind: options.kind,
            severity: options.severity,
            serial: options.serial,
            customer: options.customer,
            description: options.description,
            channel: options.channel,
            failure:
              options.partCategory && options.cause
                ? { partCategory: options.partCategory, cause: options.cause }
                : undefined,
          });
          if (options.format === 'json') {
            out(JSON.stringify(view, null, 2));
            return;
          }
          const decision = view.decision as {
            covered: boolean;
            cites: string[];
            explanation?: { en: string };
          } | null;
          out(`Opened ${view.number} for ${view.customer.name}${view.unit ? ` (${view.unit.serial})` : ''}.`);
          if (decision)
            out(
              `Entitlement: ${decision.covered ? 'covered' : 'not covered'} (${decision.cites.join(', ')})${decision.explanation ? ` — ${decision.explanation.en}` : ''}`,
            );
          for (const c of view.clocks)
            out(
              `  ${CLOCK_SIDE_LABELS[c.side].en}, ${TARGET_LABELS[c.target].en.toLowerCase()}: ${durationInWords(c.duration, c.clock).en} (${c.ref ?? '-'}) due ${c.dueAt ?? '-'}`,
            );
        });
      },
    );

  cases
    .command('tick')
    .description(
      'Run one pass of the clock worker now (the server runs it every second). / 立即执行一次 SLA 检查',
    )
    .action(async () => {
      const { processDueClocks } = await import('../app/case/index.ts');
      await withRuntime(async (runtime) => {
        const report = await processDueClocks(runtime.deps);
        out(
          `${report.claimed} clocks looked at: ${report.warnings} warnings, ${report.breaches} breaches, ${report.escalations} escalations recorded; ${report.deadlines.claimed} return and part deadlines looked at: ${report.deadlines.warnings} warnings, ${report.deadlines.breaches} breaches.`,
        );
        for (const f of report.failed) {
          out(
            `Clock ${f.clock} of case ${f.case} failed, tried again in an hour / 时钟处理失败，一小时后重试: ${f.error}`,
          );
        }
        for (const f of report.deadlines.failed) {
          out(
            `Deadline ${f.kind} of ${f.subject} failed, tried again in an hour / 期限处理失败，一小时后重试: ${f.error}`,
          );
        }
      });
    });
}

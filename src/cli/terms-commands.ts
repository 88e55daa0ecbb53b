import { type Command, Option } from 'commander';
import type { CheckFormat } from '../app/terms/index.ts';
import type { Out } from './shared.ts';
import { withRuntime } from './shared.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `servicebook terms ...`: import terms into the database; decide claims and check terms from files. */
export function registerTermsCommands(program: Command, out: Out): void {
  const terms = program
    .command('terms')
    .description(
      'Service terms as data: import, decide claims, check for gaps. / 服务条款：导入、裁定、检查',
    );

  terms
    .command('import')
    .description(
      'Import terms files (YAML or JSON; folders are read whole) into the database, all or nothing. / 导入条款文件',
    )
    .argument('<paths...>', 'files or folders')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (paths: string[], options: { tenant?: string }) => {
      const [{ findTenant }, { importAgreementsAs, readTermsFiles }] = await Promise.all([
        import('../app/tenant/index.ts'),
        import('../app/terms/index.ts'),
      ]);
      const sources = await readTermsFiles(paths);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const imported = await importAgreementsAs(
          runtime.deps,
          { tenantId: tenant.tenantId, userId: null },
          sources,
        );
        for (const a of imported) {
          out(
            `${a.created ? 'imported ' : 'unchanged'} ${a.id} v${a.version} (from ${a.effectiveFrom}) ${a.sha256.slice(0, 12)}`,
          );
        }
        out(
          `${imported.filter((a) => a.created).length} new version(s), ${imported.filter((a) => !a.created).length} unchanged, in tenant ${tenant.slug}.`,
        );
      });
    });

  terms
    .command('decide')
    .description(
      'Decide a claim by terms files: covered, remedy, cost bearers, the clauses cited. / 按条款裁定保修',
    )
    .requiredOption('--terms <path>', 'terms file or folder (repeatable)', collect)
    .requiredOption('--claim <file>', 'the claim (examples/claims format)')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(async (options: { terms: string[]; claim: string; format: 'text' | 'json' }) => {
      const { decideClaimFiles, readTermsFiles } = await import('../app/terms/index.ts');
      const decision = decideClaimFiles(
        await readTermsFiles(options.terms),
        (await readTermsFiles([options.claim]))[0]!,
      );
      if (options.format === 'json') {
        out(JSON.stringify(decision, null, 2));
        return;
      }
      const agreement = decision.agreement ? `${decision.agreement.id} v${decision.agreement.version}` : '-';
      out(
        `covered: ${decision.covered ? 'yes' : 'no'}${decision.suspended ? ' (suspended)' : ''} — ${decision.explanation.en} / ${decision.explanation.zh}`,
      );
      out(`agreement: ${agreement}; cites: ${decision.cites.join(', ') || '-'}`);
      if (decision.suspension)
        out(
          `suspended while: ${decision.suspension.condition} beyond ${decision.suspension.beyond ?? '0'} (${decision.suspension.ref})`,
        );
      out(`remedy: ${decision.remedy ?? '-'}`);
      const bearer = (b: unknown) => (typeof b === 'string' ? b : JSON.stringify(b));
      out(
        `costs: ${
          Object.entries(decision.costs)
            .map(([k, v]) => `${k}=${bearer(v)}`)
            .join(', ') || '-'
        }`,
      );
      out(
        `covered through: ${
          Object.entries(decision.covered_through)
            .map(([k, v]) => `${k} ${v ?? 'not covered'}`)
            .join(', ') || '-'
        }`,
      );
      const r = decision.recovery;
      out(
        `recoverable from supplier: ${decision.recoverable_from_supplier ? 'yes' : 'no'}${r ? ` (${r.agreement.id} v${r.agreement.version}, ${r.supplier}, until ${r.until ?? '-'}: ${r.reason})` : ''}`,
      );
    });

  terms
    .command('check')
    .description(
      'The service risk summary of a set of terms: top risks, operating cautions, escalation triggers. / 服务风险摘要',
    )
    .argument('<paths...>', 'files or folders, read as one set')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json', 'html']).default('text'))
    .addOption(new Option('--lang <lang>', 'language of the summary').choices(['en', 'zh']).default('en'))
    .option(
      '--parts <file>',
      'bills of parts (YAML list of { part, part_category, products }) linking supplier parts to covers',
    )
    .option(
      '--calendars <path>',
      'calendar files or folders counting business days (calendar files among <paths> count too; repeatable)',
      collect,
    )
    .option(
      '--tenant <slug>',
      "also count business days on this tenant's stored calendars (opens the database)",
    )
    .action(
      async (
        paths: string[],
        options: {
          format: CheckFormat;
          lang: 'en' | 'zh';
          parts?: string;
          calendars?: string[];
          tenant?: string;
        },
      ) => {
        const [
          { findTenant },
          {
            checkTermsFiles,
            loadStoredCalendars,
            parseCalendarFiles,
            parsePartCatalog,
            readTermsFiles,
            renderCheck,
          },
        ] = await Promise.all([import('../app/tenant/index.ts'), import('../app/terms/index.ts')]);
        const sources = await readTermsFiles(paths);
        const parts = options.parts
          ? parsePartCatalog((await readTermsFiles([options.parts]))[0]!)
          : undefined;
        // Files given win over stored calendars of the same key, as the set's own files win over both.
        const stored =
          options.tenant !== undefined
            ? await withRuntime(async (runtime) => {
                const tenant = await findTenant(runtime.deps, options.tenant);
                return loadStoredCalendars(runtime.deps.db, tenant.tenantId);
              })
            : [];
        const given = parseCalendarFiles(await readTermsFiles(options.calendars ?? []));
        const { report, rendered } = renderCheck(
          checkTermsFiles(sources, parts ? { parts } : {}, [...stored, ...given]),
          options.format,
          options.lang,
        );
        out(rendered ?? JSON.stringify(report, null, 2));
      },
    );
}

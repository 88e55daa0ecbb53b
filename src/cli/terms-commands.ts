import fs from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { CheckFormat } from '../app/terms/index.ts';
import type { Out } from './shared.ts';

/** The use cases, loaded with the command that needs them rather than at start (README, "Build"). */
const termsApp = () => import('../app/terms/index.ts');
const tenants = () => import('../app/tenant/index.ts');
const yaml = async () => (await import('yaml')).default;

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
      const sources = await (await termsApp()).readTermsFiles(paths);
      await withRuntime(async (runtime) => {
        const tenant = await (await tenants()).findTenant(runtime.deps, options.tenant);
        const imported = await (await termsApp()).importAgreementsAs(
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
      const decision = (await termsApp()).decideClaimFiles(
        await (await termsApp()).readTermsFiles(options.terms),
        (await (await termsApp()).readTermsFiles([options.claim]))[0]!,
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
      "also count business days on this tenant's stored calendars and name its parties (opens the database)",
    )
    .option('--data <file>', 'tenant data: names of parties and products (examples/review format)')
    .action(
      async (
        paths: string[],
        options: {
          format: CheckFormat;
          lang: 'en' | 'zh';
          parts?: string;
          calendars?: string[];
          tenant?: string;
          data?: string;
        },
      ) => {
        const sources = await (await termsApp()).readTermsFiles(paths);
        const parts = options.parts
          ? (await termsApp()).parsePartCatalog(
              (await (await termsApp()).readTermsFiles([options.parts]))[0]!,
            )
          : undefined;
        // Files given win over stored calendars of the same key, as the set's own files win over both.
        const { stored, parties } =
          options.tenant !== undefined
            ? await withRuntime(async (runtime) => {
                const tenant = await (await tenants()).findTenant(runtime.deps, options.tenant);
                return {
                  stored: await (await termsApp()).loadStoredCalendars(runtime.deps.db, tenant.tenantId),
                  parties: await (await termsApp()).loadPartyNames(runtime.deps.db, tenant.tenantId),
                };
              })
            : { stored: [], parties: undefined };
        const given = (await termsApp()).parseCalendarFiles(
          await (await termsApp()).readTermsFiles(options.calendars ?? []),
        );
        // Parties are named, not keyed: by the tenant's records, else by the data file's names.
        const data = options.data
          ? (await termsApp()).parseReviewData((await (await termsApp()).readTermsFiles([options.data]))[0])
          : {};
        const fromData = (await termsApp()).checkOptionsOf(data);
        const names = {
          ...fromData.names,
          ...(parties ? { parties: { ...fromData.names?.parties, ...parties } } : {}),
        };
        const { report, rendered } = (await termsApp()).renderCheck(
          (await termsApp()).checkTermsFiles(
            sources,
            { ...(parts ? { parts } : {}), products: fromData.products ?? {}, names },
            [...stored, ...given],
          ),
          options.format,
          options.lang,
        );
        out(rendered ?? JSON.stringify(report, null, 2));
      },
    );

  terms
    .command('review')
    .description(
      'The first-pass review: one-page risk summary by money, clause mark-up (Word with tracked changes, HTML redline), operating cautions, escalation triggers. / 条款初审：风险摘要、修订稿、经营注意事项、升级触发条件',
    )
    .argument('<paths...>', 'terms files or folders, read as one set (calendar files among them count)')
    .requiredOption(
      '--out <dir>',
      'folder to write summary.html, summary.txt, markup.docx, markup.html, cautions.txt, triggers.yaml, next/',
    )
    .option(
      '--data <file>',
      'tenant data: names, installed base, part costs, failure rates, rates, assumptions (examples/review)',
    )
    .option('--calendars <path>', 'calendar files or folders (repeatable)', collect)
    .addOption(
      new Option('--lang <lang>', 'language of the summary and reasons').choices(['en', 'zh']).default('en'),
    )
    .addOption(
      new Option('--format <format>', 'what goes to stdout').choices(['text', 'json']).default('text'),
    )
    .action(
      async (
        paths: string[],
        options: {
          out: string;
          data?: string;
          calendars?: string[];
          lang: 'en' | 'zh';
          format: 'text' | 'json';
        },
      ) => {
        const sources = await (await termsApp()).readTermsFiles(paths);
        const data = options.data
          ? (await termsApp()).parseReviewData((await (await termsApp()).readTermsFiles([options.data]))[0])
          : {};
        const calendars = (await termsApp()).parseCalendarFiles(
          await (await termsApp()).readTermsFiles(options.calendars ?? []),
        );
        const review = (await termsApp()).reviewTermsFiles(sources, data, calendars);
        const lang = options.lang;
        await fs.mkdir(path.join(options.out, 'next'), { recursive: true });
        const text = (await termsApp()).summaryText(review, lang);
        const write = (name: string, content: string | Buffer) =>
          fs.writeFile(path.join(options.out, name), content);
        await write('summary.html', (await termsApp()).summaryHtml(review, lang));
        await write('summary.txt', `${text}\n`);
        await write('markup.html', (await termsApp()).markupHtml(review, lang));
        await write(
          'markup.docx',
          await (await termsApp()).markupDocx(review, lang, new Date().toISOString()),
        );
        await write('cautions.txt', `${(await termsApp()).cautionsText(review, lang)}\n`);
        await write('triggers.yaml', (await yaml()).stringify({ rules: review.triggers }));
        await write('triggers.txt', `${(await termsApp()).triggersText(review, lang)}\n`);
        for (const a of review.markup.next)
          await write(path.join('next', `${a.id}.v${a.version}.yaml`), (await yaml()).stringify(a));
        if (options.format === 'json') {
          out(JSON.stringify(review, null, 2));
          return;
        }
        out(text);
        out('');
        out(
          `${options.out}: summary.html, summary.txt, markup.docx, markup.html (${review.markup.edits.length} clauses), cautions.txt, triggers.yaml, next/ (${review.markup.next.length} agreements); after the mark-up: high ${review.markup.after.counts.high}, medium ${review.markup.after.counts.medium}, low ${review.markup.after.counts.low}`,
        );
      },
    );

  terms
    .command('read-draft')
    .description(
      'Read a draft (.docx or text) into clauses by numbering, with the structured values its wording suggests, to confirm; nothing is stored. / 读取草稿并提出结构化数值',
    )
    .argument('<file>', 'a .docx or text file')
    .action(async (file: string) => {
      out(JSON.stringify(await (await termsApp()).readDraftFile(file, await fs.readFile(file)), null, 2));
    });

  terms
    .command('accept-markup')
    .description(
      "Accept the review's mark-up of the stored agreements: each proposed next version imported, recorded with who accepted which findings' changes. / 接受修订稿为新版本",
    )
    .requiredOption('--as <email>', 'the manager or administrator who accepts (recorded as the actor)')
    .option('--agreement <id>', 'only this agreement (repeatable); all proposed when left out', collect)
    .option('--effective-from <date>', 'the date the new versions apply from (default: today)')
    .action(async (options: { as: string; agreement?: string[]; effectiveFrom?: string }) => {
      const { actAsUser } = await import('../app/auth/index.ts');
      await withRuntime(async (runtime) => {
        const actor = await actAsUser(runtime.deps, options.as);
        const accepted = await (await termsApp()).acceptMarkup(runtime.deps, actor, {
          agreements: options.agreement,
          effectiveFrom: options.effectiveFrom,
        });
        for (const a of accepted)
          out(
            `accepted ${a.agreement} v${a.version} (supersedes v${a.supersedes}, from ${a.effectiveFrom}): ${a.clauses.join(', ')} — ${a.findings.map((f) => f.label.en).join('; ')}`,
          );
      });
    });

  terms
    .command('review-data')
    .description(
      "Show the company's stored review data (installed base, rates, assumptions), or replace it with --set. / 查看或替换审阅数据",
    )
    .requiredOption('--as <email>', 'the user (a manager or administrator to --set)')
    .option('--set <file>', 'review data file (YAML) to store')
    .action(async (options: { as: string; set?: string }) => {
      const { actAsUser } = await import('../app/auth/index.ts');
      const text = options.set ? await fs.readFile(options.set, 'utf8') : null;
      await withRuntime(async (runtime) => {
        const actor = await actAsUser(runtime.deps, options.as);
        const stored =
          text === null
            ? await (await termsApp()).readReviewData(runtime.deps, actor)
            : await (await termsApp()).updateReviewData(runtime.deps, actor, { data: text });
        out((await yaml()).stringify(stored));
      });
    });
}

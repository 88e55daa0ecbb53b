import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../app/errors.ts';
import type { Out } from './shared.ts';
import { UsageError, withRuntime } from './shared.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

interface SlaOptions {
  calendar?: string;
  input?: string;
  pause: string[];
}

/** The calendar area, imported when a command runs (so `--help` does not load it). */
type CalendarArea = typeof import('../app/calendar/index.ts');
const calendarArea = (): Promise<CalendarArea> => import('../app/calendar/index.ts');

/** Runs one request; a request that is wrong in itself is a usage error, any other failure exit 1. */
function single(area: CalendarArea, work: () => string | number, out: Out): void {
  try {
    out(String(work()));
  } catch (error) {
    if (error instanceof area.SlaRequestError) throw new UsageError(error.message);
    throw area.calendarFailure(error);
  }
}

function batch(area: CalendarArea, kind: 'due' | 'elapsed', options: SlaOptions, out: Out): void {
  const { answerLines, CalendarFiles } = area;
  const file = options.input!;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read --input ${file}`);
  }
  const files = new CalendarFiles();
  for (const answer of answerLines(files, kind, text.split(/\r?\n/), {
    inputDir: path.dirname(path.resolve(file)),
    defaultCalendar: options.calendar,
    exists: (f) => fs.existsSync(f),
  })) {
    out(answer);
  }
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`${flag} is required (or give --input FILE.jsonl)`);
  return value;
}

/** `servicebook sla due|elapsed` and `servicebook calendar show`: on files, no database. */
export function registerCalendarCommands(program: Command, out: Out): void {
  const sla = program
    .command('sla')
    .description('SLA deadlines and business time on a calendar file. / SLA 时限计算');

  sla
    .command('due')
    .description('Print the deadline (UTC, ISO 8601) after a business-time duration. / 计算截止时间')
    .option('--calendar <file>', 'calendar file (YAML or JSON)')
    .option('--start <instant>', 'start, ISO 8601 with a zone, e.g. 2026-02-13T08:00:00Z')
    .option(
      '--duration <duration>',
      'business time, ISO 8601, e.g. PT4H, P5D (a day = a standard business day)',
    )
    .option('--pause <from/to>', 'a pause FROM/TO (ISO instants); repeat for several', collect, [])
    .option('--input <file.jsonl>', 'one JSON request per line; one JSON answer per line')
    .action(async (options: SlaOptions & { start?: string; duration?: string }) => {
      const area = await calendarArea();
      if (options.input) return batch(area, 'due', options, out);
      const files = new area.CalendarFiles();
      single(
        area,
        () =>
          area.computeDue(files, {
            calendar: need(options.calendar, '--calendar'),
            start: need(options.start, '--start'),
            duration: need(options.duration, '--duration'),
            pauses: options.pause,
          }),
        out,
      );
    });

  sla
    .command('elapsed')
    .description('Print the business seconds between two instants. / 计算营业时间（秒）')
    .option('--calendar <file>', 'calendar file (YAML or JSON)')
    .option('--from <instant>', 'ISO 8601 with a zone')
    .option('--to <instant>', 'ISO 8601 with a zone')
    .option('--pause <from/to>', 'a pause FROM/TO (ISO instants); repeat for several', collect, [])
    .option('--input <file.jsonl>', 'one JSON request per line; one JSON answer per line')
    .action(async (options: SlaOptions & { from?: string; to?: string }) => {
      const area = await calendarArea();
      if (options.input) return batch(area, 'elapsed', options, out);
      const files = new area.CalendarFiles();
      single(
        area,
        () =>
          area.computeElapsed(files, {
            calendar: need(options.calendar, '--calendar'),
            from: need(options.from, '--from'),
            to: need(options.to, '--to'),
            pauses: options.pause,
          }),
        out,
      );
    });

  const calendar = program.command('calendar').description('Business calendars. / 营业日历');
  calendar
    .command('import')
    .description('Store a calendar file as a new version (same text: nothing new). / 导入日历（新版本）')
    .argument('<file>', 'calendar file (YAML or JSON)')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (file: string, options: { tenant?: string }) => {
      const [{ importCalendar }, { findTenant }] = await Promise.all([
        import('../app/calendar-change/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const r = await importCalendar(runtime.deps, tenant.tenantId, { name: file, text });
        out(
          r.created
            ? `Stored calendar ${r.key} version ${r.version} (sha256 ${r.sha256}).`
            : `Calendar ${r.key} version ${r.version} has this text already; nothing changed.`,
        );
      });
    });

  calendar
    .command('list')
    .description('List the stored calendars with their latest version. / 列出日历')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (options: { tenant?: string }) => {
      const [{ listCalendars }, { findTenant }] = await Promise.all([
        import('../app/calendar/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        for (const c of await listCalendars(runtime.deps, tenant.tenantId)) {
          out(
            `${c.key}  v${c.latestVersion}  ${c.timezone}${c.official ? `  official ${c.official}` : ''}  ${c.name}`,
          );
        }
      });
    });

  const official = calendar
    .command('official')
    .description("Official holidays loaded as data: the State Council's yearly notice. / 法定节假日安排");
  official
    .command('load')
    .description(
      "Load a year of the State Council's holiday schedule (YAML or JSON, naming the notice); calendars with official CN use it. / 载入某年节假日安排",
    )
    .argument('<file>', 'schedule file (YAML or JSON)')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (file: string, options: { tenant?: string }) => {
      const [{ loadOfficialYearAs }, { findTenant }] = await Promise.all([
        import('../app/calendar-change/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const r = await loadOfficialYearAs(
          runtime.deps,
          { tenantId: tenant.tenantId, userId: null, authenticatedBy: 'cli' },
          { name: file, text },
        );
        if (!r.created) {
          out(
            `The holidays of ${r.year} (${r.official}) are loaded already from this text; nothing changed.`,
          );
          out(`${r.year} 年节假日安排已按此文件载入，未作更改。`);
          return;
        }
        out(
          `Loaded the ${r.official} holidays of ${r.year} from "${r.source}" (published ${r.published}): ${r.holidays} holidays, ${r.makeupWorkdays} makeup working days; ${r.deadlinesSettled} pending deadline(s) now computed.`,
        );
        out(
          `已载入 ${r.year} 年法定节假日安排（${r.source}，发布于 ${r.published}）：${r.holidays} 个节假日，${r.makeupWorkdays} 个调休上班日；${r.deadlinesSettled} 个待定截止时间已计算。`,
        );
      });
    });
  official
    .command('list')
    .description(
      'List the official holiday years loaded as data, with their source. / 列出已载入的节假日安排',
    )
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (options: { tenant?: string }) => {
      const [{ listOfficialYearsOf }, { findTenant }] = await Promise.all([
        import('../app/calendar/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const years = await listOfficialYearsOf(runtime.deps, tenant.tenantId);
        if (years.length === 0) out('No official holiday year is loaded as data. / 尚未载入任何节假日安排。');
        for (const y of years) {
          out(`${y.official} ${y.year}  published ${y.published}  ${y.source}`);
          for (const h of y.holidays)
            out(`  ${h.from}${h.to !== h.from ? ` to ${h.to}` : ''}  ${h.name} ${h.nameZh}`);
          for (const m of y.makeupWorkdays) out(`  ${m.date}  makeup working day (调休) for ${m.for}`);
        }
      });
    });

  calendar
    .command('show')
    .description('Print the open windows day by day, with holidays and makeup days. / 按日显示营业时间')
    .argument('<file>', 'calendar file (YAML or JSON)')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD')
    .action(async (file: string, options: { from: string; to: string }) => {
      const { CalendarFiles, calendarFailure, describeFailure, showCalendar } = await import(
        '../app/calendar/index.ts'
      );
      const loaded = new CalendarFiles().load(file);
      const spec = loaded.spec;
      let days: ReturnType<typeof showCalendar>;
      try {
        days = showCalendar(loaded.calendar, options.from, options.to);
      } catch (error) {
        if (error instanceof AppError) throw new UsageError(describeFailure(error));
        throw calendarFailure(error);
      }
      out(`${spec.id}: ${spec.name} (${spec.timezone}${spec.official ? `, official ${spec.official}` : ''})`);
      for (const d of days) {
        const hours = d.windows.length > 0 ? d.windows.join(' ') : 'closed';
        const nominal = d.windows.reduce((s, w) => {
          const [a, b] = w.split('-').map((t) => Number(t.slice(0, 2)) * 3600 + Number(t.slice(3, 5)) * 60);
          return s + (b! - a!);
        }, 0);
        const notes: string[] = [];
        const name = d.name ? `${d.name}${d.nameZh ? ` ${d.nameZh}` : ''}` : '';
        if (d.kind === 'holiday') notes.push(`holiday: ${name}`);
        if (d.kind === 'makeup') notes.push(`makeup day (调休): ${name}`);
        if (d.kind === 'day_off') notes.push('day off');
        if (d.kind === 'override') notes.push('dates override');
        if (d.seconds !== nominal)
          notes.push(`${formatHours(d.seconds)} of open time (daylight saving change)`);
        const weekday = d.weekday[0]!.toUpperCase() + d.weekday.slice(1);
        out(
          `${d.date} ${weekday}  ${hours.padEnd(24)}${notes.length > 0 ? `  ${notes.join('; ')}` : ''}`.trimEnd(),
        );
      }
    });
}

function formatHours(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m ? `${h} h ${m} min` : `${h} h`;
}

import type { Actor } from '../../domain/access/index.ts';
import {
  formatOfficialYearPath,
  type OfficialYearProblemKind,
  type OfficialYearSpec,
  validateOfficialYear,
} from '../../domain/calendar/index.ts';
import { requireAccess } from '../access.ts';
import { type ClockRow, saveClock } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { type ChangeAuthor, recordChange } from '../evidence/index.ts';
import { registerBlob } from '../files/index.ts';
import { inTransaction, type Tx } from '../transaction.ts';
import { type PlacedProblem, readYamlSource } from '../yaml-source.ts';

/** An official holiday schedule file's text and the name it is known by. */
export interface OfficialYearSource {
  name: string;
  text: string;
}

export interface LoadedOfficialYear {
  official: string;
  year: number;
  source: string;
  published: string;
  holidays: number;
  makeupWorkdays: number;
  sha256: string;
  /** False when this year was loaded already from exactly this text. */
  created: boolean;
  /** Clocks whose deadline was pending for want of this year, and is now computed and stored. */
  deadlinesSettled: number;
}

export function formatOfficialYearProblem(p: PlacedProblem<OfficialYearProblemKind>): string {
  return `${p.file}:${p.line}:${p.col} ${p.keyPath}: ${p.message}`;
}

/** Reads and checks a schedule file, or throws its problems (file, line, column, key) as `invalid_input`. */
export function parseOfficialYearOrThrow(source: OfficialYearSource): OfficialYearSpec {
  const read = readYamlSource(
    source,
    (value) => {
      const result = validateOfficialYear(value);
      return result.ok ? { ok: true, value: result.spec } : result;
    },
    formatOfficialYearPath,
  );
  if (read.ok) return read.value;
  const fields: FieldProblem[] = read.problems.map((p) => ({
    path: `${p.file}:${p.line}:${p.col} ${p.keyPath}`,
    message: p.message,
  }));
  const first = read.problems.slice(0, 3).map(formatOfficialYearProblem);
  throw new AppError('invalid_input', {
    fields,
    detail: {
      en: `${read.problems.length} problem(s) in the holiday schedule; nothing was stored. ${first.join('; ')}`,
      zh: `节假日安排文件中有 ${read.problems.length} 处问题，未保存任何内容。${first.join('；')}`,
    },
  });
}

/** Loads a year of the official holidays for the actor's tenant: the administrator only. */
export function loadOfficialYear(
  deps: AppDeps,
  actor: Actor,
  source: OfficialYearSource,
): Promise<LoadedOfficialYear> {
  requireAccess(actor, 'write', 'official_holidays');
  return loadOfficialYearAs(
    deps,
    { tenantId: actor.tenantId, userId: actor.userId, authenticatedBy: actor.authenticatedBy },
    source,
  );
}

/**
 * Stores a year of the State Council's holiday notice as data for a tenant, after checking every
 * day in it: the file in the blob store, the schedule, and an evidence entry naming the notice.
 * A year is loaded once (the deadlines computed with it rest on it): the same text again changes
 * nothing, other text is refused. Then, in the same transaction, the clocks whose deadline was
 * pending for want of this year get it computed and stored (the worker would within the hour).
 */
export async function loadOfficialYearAs(
  deps: AppDeps,
  author: ChangeAuthor,
  source: OfficialYearSource,
): Promise<LoadedOfficialYear> {
  const spec = parseOfficialYearOrThrow(source);
  const bytes = Buffer.from(source.text, 'utf8');
  const blob = await deps.blobs.put(bytes);
  const now = deps.now();
  const at = Math.floor(now.getTime() / 1000);
  const summary = {
    official: spec.official,
    year: spec.year,
    source: spec.source,
    published: spec.published,
    holidays: spec.holidays.length,
    makeupWorkdays: spec.makeupWorkdays.length,
    sha256: blob.sha256,
  };
  return inTransaction(deps, async (trx) => {
    const existing = await trx
      .selectFrom('official_holiday_years')
      .select(['source', 'source_sha256'])
      .where('tenant_id', '=', author.tenantId)
      .where('code', '=', spec.official)
      .where('year', '=', spec.year)
      .forUpdate()
      .executeTakeFirst();
    if (existing) {
      if (existing.source_sha256 === blob.sha256) return { ...summary, created: false, deadlinesSettled: 0 };
      throw new AppError('official_year_loaded', {
        detail: {
          en: `The holidays of ${spec.year} are loaded already (from ${existing.source}); a loaded year is never changed, since deadlines were computed with it.`,
          zh: `${spec.year} 年的节假日安排已载入（来源：${existing.source}）；已载入的年份不可修改，因为截止时间已据此计算。`,
        },
      });
    }
    await registerBlob(trx, author.tenantId, blob, mediaTypeOf(source.name), now);
    await trx
      .insertInto('official_holiday_years')
      .values({
        tenant_id: author.tenantId,
        code: spec.official,
        year: spec.year,
        source: spec.source,
        published: spec.published,
        spec: JSON.stringify(spec),
        source_name: source.name,
        source_sha256: blob.sha256,
        loaded_at: now,
        loaded_by: author.userId,
      })
      .execute();
    const deadlinesSettled = await settlePendingDeadlines(deps, trx, author.tenantId, at);
    await recordChange(deps, trx, author, {
      type: 'calendar.official_year_loaded',
      subject: { type: 'calendar', id: `official/${spec.official}/${spec.year}` },
      payload: {
        official: spec.official,
        year: spec.year,
        source: spec.source,
        published: spec.published,
        ...(spec.url ? { url: spec.url } : {}),
        file: source.name,
        holidays: spec.holidays,
        makeupWorkdays: spec.makeupWorkdays,
        deadlinesSettled,
      },
      blobs: [blob.sha256],
    });
    return { ...summary, created: true, deadlinesSettled };
  });
}

function mediaTypeOf(name: string): string {
  return /\.json$/i.test(name) ? 'application/json' : 'application/yaml';
}

/**
 * The tenant's running clocks on a `CN` calendar with no stored deadline: each is saved again,
 * which computes its deadline with the years now loaded. Returns how many got one.
 */
async function settlePendingDeadlines(deps: AppDeps, trx: Tx, tenantId: string, at: number): Promise<number> {
  const rows = (await trx
    .selectFrom('case_clocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('stopped_at', 'is', null)
    .where('due_at', 'is', null)
    .where('clock_type', '=', 'business')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('calendar_versions as v')
          .select('v.version')
          .whereRef('v.tenant_id', '=', 'case_clocks.tenant_id')
          .whereRef('v.calendar_key', '=', 'case_clocks.calendar_key')
          .whereRef('v.version', '=', 'case_clocks.calendar_version')
          .where('v.official', '=', 'CN'),
      ),
    )
    .forUpdate()
    .execute()) as ClockRow[];
  for (const row of rows) {
    try {
      await saveClock(deps, trx, tenantId, row, at);
    } catch (error) {
      // Still beyond the years loaded (a deadline two years out): the worker keeps looking.
      if (error instanceof AppError && error.code === 'calendar_not_covered') continue;
      throw error;
    }
  }
  if (rows.length === 0) return 0;
  const settled = await trx
    .selectFrom('case_clocks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where(
      'clock_id',
      'in',
      rows.map((r) => r.clock_id),
    )
    .where('due_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(settled.n);
}

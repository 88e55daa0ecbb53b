import type { Actor } from '../../domain/access/index.ts';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import {
  businessDaysOf,
  type CheckOptions,
  type CheckReport,
  checkTerms,
  type Lang,
  renderHtml,
  renderText,
} from '../../domain/terms/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { loadAgreements, loadPartCatalog, loadPartyKeys, loadPartyNames } from './agreement-store.ts';
import { checkNames } from './check-names.ts';
import { checkOffLoop } from './check-off-loop.ts';
import { parseTermsOrThrow, type TermsSource } from './parse-terms.ts';
import { loadStoredCalendars, splitCalendarFiles } from './terms-calendars.ts';

export type CheckFormat = 'json' | 'text' | 'html';

export interface RenderedCheck {
  report: CheckReport;
  /** The summary for people, when text or HTML was asked for. */
  rendered: string | null;
}

export function renderCheck(report: CheckReport, format: CheckFormat, lang: Lang): RenderedCheck {
  if (format === 'json') return { report, rendered: null };
  return { report, rendered: format === 'html' ? renderHtml(report, lang) : renderText(report, lang) };
}

/**
 * Checks terms files with no database: party ids are checked for their shape only, and parties are
 * named by `options.names.parties` when the caller has them, else by their keys. Business days
 * are those of the calendar files among `sources`, else of `calendars` (files given apart, or a
 * tenant's stored ones), by the same rule as the tenant's check over HTTP.
 */
export function checkTermsFiles(
  sources: readonly TermsSource[],
  options: CheckOptions = {},
  calendars: readonly CalendarSpec[] = [],
): CheckReport {
  const set = splitCalendarFiles(sources);
  return checkTerms(
    parseTermsOrThrow(set.terms).map((p) => p.agreement),
    {
      ...options,
      businessDaySeconds: businessDaysOf([...calendars, ...set.calendars]),
      names: { ...checkNames(), ...options.names },
    },
  );
}

/**
 * The risk summary for a tenant: of the given files (validated against the tenant's parties, not
 * stored) or, with none, of the stored agreements (each at its newest version). The tenant's bills
 * of parts tie supplier parts to the covers they underpin. Parsing and checking run in a worker
 * thread with a time limit (check-off-loop.ts): files built to be slow cannot stall the server.
 */
export async function checkTenantTerms(
  deps: AppDeps,
  actor: Actor,
  sources?: readonly TermsSource[],
  options: { timeLimitMs?: number } = {},
): Promise<CheckReport> {
  requireAccess(actor, 'read', 'agreement');
  const withFiles = sources !== undefined && sources.length > 0;
  const parts = await loadPartCatalog(deps.db, actor.tenantId);
  // Business days as the tenant's calendars count them (their newest versions).
  const businessDays = businessDaysOf(await loadStoredCalendars(deps.db, actor.tenantId));
  const calendarKeys = await deps.db
    .selectFrom('calendar_versions')
    .select('calendar_key')
    .distinct()
    .where('tenant_id', '=', actor.tenantId)
    .execute();
  // The worker thread gets the days as plain data: one number per calendar, by the same rule as the CLI.
  const daySeconds = new Map<string, number>();
  for (const { calendar_key } of calendarKeys) {
    const seconds = businessDays(calendar_key);
    if (seconds !== undefined) daySeconds.set(calendar_key, seconds);
  }
  return checkOffLoop(
    {
      ...(withFiles
        ? { sources, parties: await loadPartyKeys(deps.db, actor.tenantId) }
        : { agreements: await loadAgreements(deps.db, actor.tenantId) }),
      parts,
      daySeconds,
      names: checkNames(await loadPartyNames(deps.db, actor.tenantId)),
    },
    options.timeLimitMs,
  );
}

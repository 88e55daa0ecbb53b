import type { Actor } from '../../domain/access/access.ts';
import { CompiledCalendar } from '../../domain/calendar/compiled.ts';
import type { CalendarSpec } from '../../domain/calendar/types.ts';
import { type CheckOptions, type CheckReport, checkTerms } from '../../domain/terms/check.ts';
import { type Lang, renderHtml, renderText } from '../../domain/terms/summary.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { loadAgreements, loadPartCatalog, loadPartyKeys } from './agreement-store.ts';
import { checkOffLoop } from './check-off-loop.ts';
import { parseTermsOrThrow, type TermsSource } from './parse-terms.ts';

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

/** Checks terms files with no database: party ids are checked for their shape only. */
export function checkTermsFiles(sources: readonly TermsSource[], options: CheckOptions = {}): CheckReport {
  return checkTerms(
    parseTermsOrThrow(sources).map((p) => p.agreement),
    options,
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
  const calendars = await deps.db
    .selectFrom('calendar_versions')
    .select(['calendar_key', 'version', 'spec'])
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('calendar_key')
    .orderBy('version')
    .execute();
  const daySeconds = new Map<string, number>();
  for (const c of calendars) {
    const spec = (typeof c.spec === 'string' ? JSON.parse(c.spec) : c.spec) as CalendarSpec;
    daySeconds.set(c.calendar_key, new CompiledCalendar(spec).daySeconds);
  }
  return checkOffLoop(
    {
      ...(withFiles
        ? { sources, parties: await loadPartyKeys(deps.db, actor.tenantId) }
        : { agreements: await loadAgreements(deps.db, actor.tenantId) }),
      parts,
      daySeconds,
    },
    options.timeLimitMs,
  );
}

import type { AppDeps } from '../context.ts';

export interface CalendarSummary {
  key: string;
  name: string;
  timezone: string;
  official: string | null;
  latestVersion: number;
  sha256: string;
  createdAt: Date;
}

/** Every calendar of a tenant with its latest version. */
export async function listCalendars(deps: AppDeps, tenantId: string): Promise<CalendarSummary[]> {
  const rows = await deps.db
    .selectFrom('calendar_versions as c')
    .select([
      'c.calendar_key',
      'c.name',
      'c.timezone',
      'c.official',
      'c.version',
      'c.source_sha256',
      'c.created_at',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where(({ eb, selectFrom }) =>
      eb(
        'c.version',
        '=',
        selectFrom('calendar_versions as l')
          .select(({ fn }) => fn.max('l.version').as('v'))
          .whereRef('l.tenant_id', '=', 'c.tenant_id')
          .whereRef('l.calendar_key', '=', 'c.calendar_key'),
      ),
    )
    .orderBy('c.calendar_key')
    .execute();
  return rows.map((r) => ({
    key: r.calendar_key,
    name: r.name,
    timezone: r.timezone,
    official: r.official,
    latestVersion: r.version,
    sha256: r.source_sha256,
    createdAt: r.created_at,
  }));
}

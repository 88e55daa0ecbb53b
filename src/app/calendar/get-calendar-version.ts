import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';

export interface StoredCalendarVersion {
  key: string;
  version: number;
  spec: CalendarSpec;
  sha256: string;
  documentId: string;
}

/** One stored version of a calendar (the latest when no version is given), for clocks to compute with. */
export async function getCalendarVersion(
  deps: AppDeps,
  tenantId: string,
  key: string,
  version?: number,
): Promise<StoredCalendarVersion> {
  let query = deps.db
    .selectFrom('calendar_versions')
    .select(['calendar_key', 'version', 'spec', 'source_sha256', 'document_id'])
    .where('tenant_id', '=', tenantId)
    .where('calendar_key', '=', key);
  query =
    version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  if (!row) {
    const which = version === undefined ? key : `${key} version ${version}`;
    throw notFound({ en: `No calendar ${which}.`, zh: `没有日历 ${which}。` });
  }
  const spec = readJson(row.spec);
  return {
    key: row.calendar_key,
    version: row.version,
    spec,
    sha256: row.source_sha256,
    documentId: row.document_id,
  };
}

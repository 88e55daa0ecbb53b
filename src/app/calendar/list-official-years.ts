import type { Actor } from '../../domain/access/index.ts';
import { readJson } from '../../store/schema.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';

export interface OfficialYearView {
  official: string;
  year: number;
  source: string;
  published: string;
  url: string | null;
  holidays: Array<{ name: string; nameZh: string; from: string; to: string }>;
  makeupWorkdays: Array<{ date: string; for: string }>;
  sha256: string;
  loadedAt: string;
}

/** The official holiday years the actor's tenant loaded as data (staff only). */
export function listOfficialYears(deps: AppDeps, actor: Actor): Promise<OfficialYearView[]> {
  requireAccess(actor, 'read', 'official_holidays');
  return listOfficialYearsOf(deps, actor.tenantId);
}

/** The official holiday years a tenant loaded as data, by schedule and year. */
export async function listOfficialYearsOf(deps: AppDeps, tenantId: string): Promise<OfficialYearView[]> {
  const rows = await deps.db
    .selectFrom('official_holiday_years')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('code')
    .orderBy('year')
    .execute();
  return rows.map((r) => {
    const spec = readJson(r.spec);
    return {
      official: r.code,
      year: r.year,
      source: r.source,
      published: r.published,
      url: spec.url ?? null,
      holidays: spec.holidays,
      makeupWorkdays: spec.makeupWorkdays,
      sha256: r.source_sha256,
      loadedAt: new Date(r.loaded_at).toISOString(),
    };
  });
}

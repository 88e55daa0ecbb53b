import type { Kysely } from 'kysely';
import { type OfficialYearDays, officialYearDays } from '../../domain/calendar/index.ts';
import { type Database, readJson } from '../../store/schema.ts';

/** Which years of an official schedule a tenant loaded, each with the hash of its file. */
export async function loadedOfficialYearKeys(
  db: Kysely<Database>,
  tenantId: string,
  code: string,
): Promise<Array<{ year: number; sha256: string }>> {
  const rows = await db
    .selectFrom('official_holiday_years')
    .select(['year', 'source_sha256'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .orderBy('year')
    .execute();
  return rows.map((r) => ({ year: r.year, sha256: r.source_sha256 }));
}

/** The years of an official schedule a tenant loaded, as the calendar compilation takes them. */
export async function loadedOfficialYears(
  db: Kysely<Database>,
  tenantId: string,
  code: string,
): Promise<OfficialYearDays[]> {
  const rows = await db
    .selectFrom('official_holiday_years')
    .select(['spec'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .orderBy('year')
    .execute();
  return rows.map((r) => officialYearDays(readJson(r.spec)));
}

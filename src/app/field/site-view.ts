import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';

export interface SiteView {
  id: string;
  customer: { key: string; name: string };
  name: string;
  addressZh: string;
  addressEn: string;
  district: string;
  territory: string;
  latitude: number;
  longitude: number;
  accessNotes: string;
  openingHours: string;
  contact: { name: string; phone: string };
  units: { id: string; serial: string }[];
}

/** Sites with their customer and the units standing there, in the order given. */
export async function siteViews(
  db: Kysely<Database>,
  tenantId: string,
  siteIds: readonly string[],
): Promise<SiteView[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('sites')
    .innerJoin('parties', (j) =>
      j
        .onRef('parties.tenant_id', '=', 'sites.tenant_id')
        .onRef('parties.party_id', '=', 'sites.customer_party_id'),
    )
    .selectAll('sites')
    .select(['parties.key as customer_key', 'parties.name as customer_name'])
    .where('sites.tenant_id', '=', tenantId)
    .where('sites.site_id', 'in', siteIds)
    .execute();
  const units = await db
    .selectFrom('units')
    .select(['unit_id', 'serial', 'site_id'])
    .where('tenant_id', '=', tenantId)
    .where('site_id', 'in', siteIds)
    .orderBy('serial')
    .execute();
  const byId = new Map(rows.map((r) => [r.site_id, r]));
  return siteIds.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.site_id,
        customer: { key: r.customer_key, name: r.customer_name },
        name: r.name,
        addressZh: r.address_zh,
        addressEn: r.address_en,
        district: r.district,
        territory: r.territory,
        latitude: r.latitude,
        longitude: r.longitude,
        accessNotes: r.access_notes,
        openingHours: r.opening_hours,
        contact: { name: r.contact_name, phone: r.contact_phone },
        units: units.filter((u) => u.site_id === id).map((u) => ({ id: u.unit_id, serial: u.serial })),
      },
    ];
  });
}

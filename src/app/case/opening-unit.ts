import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../domain/access/access.ts';
import type { Database } from '../../store/schema.ts';
import { notFound } from '../errors.ts';
import { type PartyRef, UNIT_NOT_FOUND, type UnitView, visibleUnits } from '../unit/unit-view.ts';

export interface OpeningFacts {
  unit: UnitView;
  /** The tenant's agreement versions, by version id, in key and version order (as `loadAgreements`). */
  agreementVersionIds: string[];
  /** The newest version of each of the tenant's calendars (as `latestCalendarVersion`). */
  calendarVersions: Map<string, number>;
}

/**
 * The unit a case is opened for, as `showUnitBySerial` shows it (same visibility, same 404), and
 * the tenant's agreement and calendar versions, read in one statement: the unit's product,
 * parties, maintenance and parts, and the lists of versions, come as JSON beside the row, so
 * opening a case pays one round trip for what it reads before deciding instead of seven.
 */
export async function loadOpeningFacts(
  db: Kysely<Database>,
  actor: Actor,
  serial: string,
): Promise<OpeningFacts> {
  const row = await visibleUnits(db, actor)
    .where('units.serial', '=', serial)
    .selectAll('units')
    .select((eb) => {
      const party = (column: 'owner_party_id' | 'seller_party_id' | 'service_party_id') =>
        jsonObjectFrom(
          eb
            .selectFrom('parties')
            .select(['parties.party_id as id', 'parties.key', 'parties.name'])
            .whereRef('parties.tenant_id', '=', 'units.tenant_id')
            .whereRef('parties.party_id', '=', `units.${column}`),
        );
      return [
        jsonObjectFrom(
          eb
            .selectFrom('products')
            .select(['products.product_id as id', 'products.model', 'products.name'])
            .whereRef('products.tenant_id', '=', 'units.tenant_id')
            .whereRef('products.product_id', '=', 'units.product_id'),
        ).as('product'),
        party('owner_party_id').as('owner'),
        party('seller_party_id').as('seller'),
        party('service_party_id').as('service_partner'),
        jsonArrayFrom(
          eb
            .selectFrom('unit_maintenance')
            .select('unit_maintenance.performed_on')
            .whereRef('unit_maintenance.tenant_id', '=', 'units.tenant_id')
            .whereRef('unit_maintenance.unit_id', '=', 'units.unit_id')
            .orderBy('unit_maintenance.performed_on'),
        ).as('maintenance'),
        jsonArrayFrom(
          eb
            .selectFrom('unit_parts')
            .leftJoin('parties as supplier', (join) =>
              join
                .onRef('supplier.tenant_id', '=', 'unit_parts.tenant_id')
                .onRef('supplier.party_id', '=', 'unit_parts.supplier_party_id'),
            )
            .select([
              'unit_parts.part_number',
              'unit_parts.part_category',
              'unit_parts.serial',
              'unit_parts.delivered_on',
              'supplier.party_id as supplier_id',
              'supplier.key as supplier_key',
              'supplier.name as supplier_name',
            ])
            .whereRef('unit_parts.tenant_id', '=', 'units.tenant_id')
            .whereRef('unit_parts.unit_id', '=', 'units.unit_id')
            .orderBy('unit_parts.position'),
        ).as('parts'),
        eb
          .selectFrom('agreement_versions')
          .select(
            sql<string[]>`coalesce(json_agg(version_id ORDER BY agreement_key, version), '[]')`.as('ids'),
          )
          .where('agreement_versions.tenant_id', '=', actor.tenantId)
          .as('agreement_version_ids'),
        eb
          .selectFrom('calendar_versions')
          .select(
            sql<Record<string, number>>`coalesce(json_object_agg(calendar_key, version), '{}')`.as('latest'),
          )
          .where('calendar_versions.tenant_id', '=', actor.tenantId)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('calendar_versions as newer')
                  .select(sql.lit(1).as('one'))
                  .whereRef('newer.tenant_id', '=', 'calendar_versions.tenant_id')
                  .whereRef('newer.calendar_key', '=', 'calendar_versions.calendar_key')
                  .whereRef('newer.version', '>', 'calendar_versions.version'),
              ),
            ),
          )
          .as('calendar_versions'),
      ];
    })
    .executeTakeFirst();
  if (!row) throw notFound(UNIT_NOT_FOUND);
  const unit: UnitView = {
    id: row.unit_id,
    serial: row.serial,
    product: row.product!,
    owner: row.owner!,
    seller: row.seller as PartyRef | null,
    servicePartner: row.service_partner as PartyRef | null,
    territory: row.territory,
    soldOn: row.sold_on,
    deliveredOn: row.delivered_on,
    installedOn: row.installed_on,
    maintainedOn: row.maintenance.map((m) => m.performed_on),
    parts: row.parts.map((p) => ({
      partNumber: p.part_number,
      partCategory: p.part_category,
      serial: p.serial,
      supplier: p.supplier_id ? { id: p.supplier_id, key: p.supplier_key!, name: p.supplier_name! } : null,
      deliveredOn: p.delivered_on,
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  return {
    unit,
    agreementVersionIds: row.agreement_version_ids ?? [],
    calendarVersions: new Map(Object.entries(row.calendar_versions ?? {})),
  };
}

import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../domain/access/index.ts';
import type { Agreement, UnitContractFacts, UnitFacts } from '../../domain/terms/index.ts';
import { knownCauses, lastCoveredDay, type TermsEvent, termsEvent } from '../../domain/terms/index.ts';
import type { Database } from '../../store/schema.ts';
import { AppError, notFound, notInVocabulary } from '../errors.ts';
import { agreementsOfVersions } from '../terms/index.ts';
import { type PartyRef, UNIT_NOT_FOUND, type UnitView, visibleUnits } from '../unit/index.ts';

/**
 * Everything a decision about a unit rests on, read once, the same way for every decision
 * (opening a case, a diagnosis, a warranty check, a return, a repair, a claim).
 */
export interface DecisionFacts {
  unit: UnitView;
  /** The unit as the terms engine reads it. */
  facts: UnitFacts;
  /** Every agreement version of the tenant; the domain picks those in force at the event. */
  agreements: readonly Agreement[];
  /** The product's name in Chinese, when it has one. */
  productNameZh: string | null;
  /** The unit's product's bill-of-parts categories: the closed vocabulary of a failed part. */
  partCategories: readonly string[];
  /** The newest version of each of the tenant's calendars. */
  calendarVersions: Map<string, number>;
  /** Each calendar's time zone (newest version), by key: the terms count their dates there. */
  calendarZones: Map<string, string>;
}

/**
 * Whose unit it is to read: `visible` applies the actor's scope (a customer its own units, a
 * partner those it services); `authorized` is for a caller that has already checked the actor may
 * act on a record about the unit (an assigned partner diagnosing a case, say).
 */
export type UnitAccess = 'visible' | 'authorized';

/**
 * Loads a unit's decision facts in one statement: the unit's product, parties, maintenance and
 * parts, and the tenant's agreement and calendar versions come as JSON beside the row. A unit the
 * actor may not see is "not found", as everywhere.
 */
export async function loadDecisionFacts(
  db: Kysely<Database>,
  actor: Actor,
  unit: { serial: string } | { unitId: string },
  access: UnitAccess = 'visible',
): Promise<DecisionFacts> {
  const units =
    access === 'visible'
      ? visibleUnits(db, actor)
      : db.selectFrom('units').where('units.tenant_id', '=', actor.tenantId);
  const row = await ('serial' in unit
    ? units.where('units.serial', '=', unit.serial)
    : units.where('units.unit_id', '=', unit.unitId)
  )
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
      const newestCalendars = eb
        .selectFrom('calendar_versions')
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
        );
      return [
        jsonObjectFrom(
          eb
            .selectFrom('products')
            .select([
              'products.product_id as id',
              'products.model',
              'products.name',
              'products.name_zh',
              'products.part_categories',
            ])
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
        jsonArrayFrom(
          eb
            .selectFrom('unit_contracts')
            .select([
              'unit_contracts.agreement_key',
              'unit_contracts.number',
              'unit_contracts.starts_on',
              'unit_contracts.ends_on',
              'unit_contracts.cancelled_on',
              'unit_contracts.incidents_allowed',
              'unit_contracts.incidents_used',
            ])
            .whereRef('unit_contracts.tenant_id', '=', 'units.tenant_id')
            .whereRef('unit_contracts.unit_id', '=', 'units.unit_id')
            .orderBy('unit_contracts.starts_on'),
        ).as('contracts'),
        eb
          .selectFrom('agreement_versions')
          .select(
            sql<string[]>`coalesce(json_agg(version_id ORDER BY agreement_key, version), '[]')`.as('ids'),
          )
          .where('agreement_versions.tenant_id', '=', actor.tenantId)
          .as('agreement_version_ids'),
        newestCalendars
          .select(
            sql<
              Record<string, { version: number; timezone: string }>
            >`coalesce(json_object_agg(calendar_key, json_build_object('version', version, 'timezone', timezone)), '{}')`.as(
              'latest',
            ),
          )
          .as('calendars'),
      ];
    })
    .executeTakeFirst();
  if (!row) throw notFound(UNIT_NOT_FOUND);
  const product = row.product!;
  const view: UnitView = {
    id: row.unit_id,
    serial: row.serial,
    product: { id: product.id, model: product.model, name: product.name },
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
  const calendars = Object.entries(row.calendars ?? {});
  const facts = unitFactsOf(view);
  const contracts = row.contracts.flatMap((c): UnitContractFacts[] => {
    // A cancelled contract covers up to the day before its cancellation; one whose incidents are
    // used up covers no new incident.
    const ends = c.cancelled_on && c.cancelled_on <= c.ends_on ? lastCoveredDay(c.cancelled_on) : c.ends_on;
    if (ends < c.starts_on) return [];
    if (c.incidents_allowed !== null && c.incidents_used >= c.incidents_allowed) return [];
    return [{ agreement: c.agreement_key, starts_on: c.starts_on, ends_on: ends, reference: c.number }];
  });
  if (contracts.length > 0) facts.contracts = contracts;
  return {
    unit: view,
    facts,
    agreements: await agreementsOfVersions(db, actor.tenantId, row.agreement_version_ids ?? []),
    productNameZh: product.name_zh,
    partCategories: product.part_categories,
    calendarVersions: new Map(calendars.map(([key, c]) => [key, c.version])),
    calendarZones: new Map(calendars.map(([key, c]) => [key, c.timezone])),
  };
}

/** A unit as the terms engine reads it (the claims format's `unit`). */
export function unitFactsOf(view: UnitView): UnitFacts {
  const facts: UnitFacts = {
    serial: view.serial,
    product: view.product.model,
    territory: view.territory,
    owner: view.owner.key,
    maintained_at: view.maintainedOn,
    parts: view.parts.map((p) => {
      const part: NonNullable<UnitFacts['parts']>[number] = {
        part_category: p.partCategory,
        part: p.partNumber,
      };
      if (p.serial) part.serial = p.serial;
      if (p.supplier) part.supplied_by = p.supplier.key;
      if (p.deliveredOn) part.delivered_at = p.deliveredOn;
      return part;
    }),
  };
  if (view.soldOn) facts.sold_at = view.soldOn;
  if (view.deliveredOn) facts.delivered_at = view.deliveredOn;
  if (view.installedOn) facts.installed_at = view.installedOn;
  return facts;
}

const NO_TERMS_ZONE = {
  en: 'The terms of this unit name no calendar and its country has no single time zone known here, so the date of the event cannot be told.',
  zh: '该设备适用的条款未指定日历，且其所在国家没有已知的单一时区，无法确定事件日期。',
};

/**
 * The event at `at` for this unit by the one rule for event dates (`termsEvent`): the governing
 * agreement, and the event's date in the terms' zone.
 */
export function eventAt(facts: DecisionFacts, at: Date): TermsEvent {
  const event = termsEvent(facts.agreements, facts.facts, at, facts.calendarZones);
  if (!event) throw new AppError('invalid_input', { detail: NO_TERMS_ZONE });
  return event;
}

/**
 * Checks a failure against its closed vocabularies before anything is decided from it: the part
 * category must be one of the product's bill of parts, the cause one the terms know. Exact match:
 * `Compressor` and `compresor` are refused with the allowed values, never decided.
 */
export function checkFailure(
  facts: DecisionFacts,
  failure: { partCategory: string; cause: string },
  paths: { partCategory: string; cause: string },
): void {
  if (!facts.partCategories.includes(failure.partCategory)) {
    throw notInVocabulary(
      paths.partCategory,
      failure.partCategory,
      { en: `a part category of ${facts.unit.product.model}`, zh: `${facts.unit.product.model} 的部件类别` },
      facts.partCategories,
    );
  }
  const causes = knownCauses(facts.agreements);
  if (!causes.includes(failure.cause)) {
    throw notInVocabulary(paths.cause, failure.cause, { en: 'a failure cause', zh: '故障原因' }, causes);
  }
}

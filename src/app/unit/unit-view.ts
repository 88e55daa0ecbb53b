import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals, visibilityOf } from '../../domain/access/index.ts';
import { isTerritoryCode } from '../../domain/unit/index.ts';
import type { Database, UnitRow } from '../../store/schema.ts';
import { type FieldProblem, invalid, notFound } from '../errors.ts';

export interface PartyRef {
  id: string;
  key: string;
  name: string;
}

export interface UnitPartView {
  partNumber: string;
  partCategory: string;
  serial: string | null;
  /** The brand's staff only: who supplied a part is between the brand and its suppliers. */
  supplier?: PartyRef | null;
  deliveredOn: string | null;
}

export interface UnitView {
  id: string;
  serial: string;
  product: { id: string; model: string; name: string };
  owner: PartyRef;
  seller: PartyRef | null;
  servicePartner: PartyRef | null;
  territory: string;
  soldOn: string | null;
  deliveredOn: string | null;
  installedOn: string | null;
  maintainedOn: string[];
  parts: UnitPartView[];
  /** Exchanges: the unit that replaced this one (`replaced_by`), or the one it replaced (`replaces`). */
  exchanges?: UnitExchangeView[];
  createdAt: Date;
  updatedAt: Date;
}

export interface UnitExchangeView {
  role: 'replaced_by' | 'replaces';
  serial: string;
  kind: string;
  warranty: string;
  on: string;
}

export interface UnitPartInput {
  partNumber: string;
  partCategory: string;
  serial?: string | null | undefined;
  supplier?: string | null | undefined;
  deliveredOn?: string | null | undefined;
}

/** Parties and products are named by their keys and models, as the terms files name them. */
export interface UnitInput {
  serial: string;
  product: string;
  owner: string;
  seller?: string | null | undefined;
  servicePartner?: string | null | undefined;
  territory: string;
  soldOn?: string | null | undefined;
  deliveredOn?: string | null | undefined;
  installedOn?: string | null | undefined;
  maintainedOn?: string[] | undefined;
  parts?: UnitPartInput[] | undefined;
}

export const UNIT_NOT_FOUND = { en: 'No such unit.', zh: '没有该设备。' };

/** Units the actor may see: staff see all; a party sees units it owns, sold or services. */
export function visibleUnits(db: Kysely<Database>, actor: Actor) {
  const visibility = visibilityOf(actor);
  let query = db.selectFrom('units').where('units.tenant_id', '=', actor.tenantId);
  if (visibility.kind === 'party') {
    const partyId = visibility.partyId;
    query = query.where((eb) =>
      eb.or([
        eb('units.owner_party_id', '=', partyId),
        eb('units.seller_party_id', '=', partyId),
        eb('units.service_party_id', '=', partyId),
      ]),
    );
  }
  return query;
}

export async function loadVisibleUnit(db: Kysely<Database>, actor: Actor, unitId: string): Promise<UnitRow> {
  const row = await visibleUnits(db, actor).selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  if (!row) throw notFound(UNIT_NOT_FOUND);
  return row;
}

/** Resolved ids of everything a unit input names, or the list of what could not be found. */
export interface ResolvedUnitRefs {
  productId: string;
  ownerId: string;
  sellerId: string | null;
  servicePartnerId: string | null;
  supplierIds: (string | null)[];
}

export async function resolveUnitRefs(
  db: Kysely<Database>,
  tenantId: string,
  input: Pick<UnitInput, 'product' | 'owner' | 'seller' | 'servicePartner' | 'parts' | 'territory'>,
): Promise<ResolvedUnitRefs> {
  const problems: FieldProblem[] = [];
  if (!isTerritoryCode(input.territory)) {
    problems.push({
      path: '/body/territory',
      message: `"${input.territory}" is not an ISO 3166-2 code such as CN-SH`,
    });
  }
  const keys = new Set<string>([input.owner]);
  if (input.seller) keys.add(input.seller);
  if (input.servicePartner) keys.add(input.servicePartner);
  for (const part of input.parts ?? []) if (part.supplier) keys.add(part.supplier);
  const parties = await db
    .selectFrom('parties')
    .select(['party_id', 'key'])
    .where('tenant_id', '=', tenantId)
    .where('key', 'in', [...keys])
    .execute();
  const idOf = new Map(parties.map((p) => [p.key, p.party_id]));
  const product = await db
    .selectFrom('products')
    .select('product_id')
    .where('tenant_id', '=', tenantId)
    .where('model', '=', input.product)
    .executeTakeFirst();
  if (!product) problems.push({ path: '/body/product', message: `no product with model "${input.product}"` });

  const need = (key: string | null | undefined, path: string): string | null => {
    if (!key) return null;
    const id = idOf.get(key);
    if (!id) problems.push({ path, message: `no party with key "${key}"` });
    return id ?? null;
  };
  const ownerId = need(input.owner, '/body/owner');
  const sellerId = need(input.seller, '/body/seller');
  const servicePartnerId = need(input.servicePartner, '/body/servicePartner');
  const supplierIds = (input.parts ?? []).map((p, i) => need(p.supplier, `/body/parts/${i}/supplier`));
  if (problems.length > 0) throw invalid(problems);
  return { productId: product!.product_id, ownerId: ownerId!, sellerId, servicePartnerId, supplierIds };
}

export async function writeUnitDetails(
  db: Kysely<Database>,
  tenantId: string,
  unitId: string,
  details: {
    maintainedOn?: string[] | undefined;
    parts?: UnitPartInput[] | undefined;
    supplierIds: (string | null)[];
  },
): Promise<void> {
  if (details.maintainedOn) {
    await db
      .deleteFrom('unit_maintenance')
      .where('tenant_id', '=', tenantId)
      .where('unit_id', '=', unitId)
      .execute();
    const dates = [...new Set(details.maintainedOn)];
    if (dates.length > 0) {
      await db
        .insertInto('unit_maintenance')
        .values(dates.map((d) => ({ tenant_id: tenantId, unit_id: unitId, performed_on: d })))
        .execute();
    }
  }
  if (details.parts) {
    await db
      .deleteFrom('unit_parts')
      .where('tenant_id', '=', tenantId)
      .where('unit_id', '=', unitId)
      .execute();
    if (details.parts.length > 0) {
      await db
        .insertInto('unit_parts')
        .values(
          details.parts.map((p, i) => ({
            tenant_id: tenantId,
            unit_id: unitId,
            position: i,
            part_number: p.partNumber,
            part_category: p.partCategory,
            serial: p.serial ?? null,
            supplier_party_id: details.supplierIds[i] ?? null,
            delivered_on: p.deliveredOn ?? null,
          })),
        )
        .execute();
    }
  }
}

/** Turns unit rows into views with their product, parties, maintenance and parts, in four queries. */
export async function toUnitViews(db: Kysely<Database>, actor: Actor, rows: UnitRow[]): Promise<UnitView[]> {
  if (rows.length === 0) return [];
  const tenantId = actor.tenantId;
  const internals = readsBrandInternals(actor);
  const unitIds = rows.map((r) => r.unit_id);
  const [products, maintenance, parts, exchanges] = await Promise.all([
    db
      .selectFrom('products')
      .select(['product_id', 'model', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('product_id', 'in', [...new Set(rows.map((r) => r.product_id))])
      .execute(),
    db
      .selectFrom('unit_maintenance')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('unit_id', 'in', unitIds)
      .orderBy('performed_on')
      .execute(),
    db
      .selectFrom('unit_parts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('unit_id', 'in', unitIds)
      .orderBy('position')
      .execute(),
    // Both directions, each by its index (the primary key's old unit, unit_replacements_by_new).
    db
      .selectFrom('unit_replacements')
      .innerJoin('units', (j) =>
        j
          .onRef('units.tenant_id', '=', 'unit_replacements.tenant_id')
          .onRef('units.unit_id', '=', 'unit_replacements.new_unit_id'),
      )
      .select([
        'unit_replacements.old_unit_id as unit_id',
        'units.serial',
        'unit_replacements.kind',
        'unit_replacements.warranty',
        'unit_replacements.replaced_on',
      ])
      .select(sql<string>`'replaced_by'`.as('role'))
      .where('unit_replacements.tenant_id', '=', tenantId)
      .where('unit_replacements.old_unit_id', 'in', unitIds)
      .unionAll(
        db
          .selectFrom('unit_replacements')
          .innerJoin('units', (j) =>
            j
              .onRef('units.tenant_id', '=', 'unit_replacements.tenant_id')
              .onRef('units.unit_id', '=', 'unit_replacements.old_unit_id'),
          )
          .select([
            'unit_replacements.new_unit_id as unit_id',
            'units.serial',
            'unit_replacements.kind',
            'unit_replacements.warranty',
            'unit_replacements.replaced_on',
          ])
          .select(sql<string>`'replaces'`.as('role'))
          .where('unit_replacements.tenant_id', '=', tenantId)
          .where('unit_replacements.new_unit_id', 'in', unitIds),
      )
      .execute(),
  ]);
  const partyIds = new Set<string>();
  for (const r of rows) {
    partyIds.add(r.owner_party_id);
    if (r.seller_party_id) partyIds.add(r.seller_party_id);
    if (r.service_party_id) partyIds.add(r.service_party_id);
  }
  for (const p of parts) if (p.supplier_party_id) partyIds.add(p.supplier_party_id);
  const parties = await db
    .selectFrom('parties')
    .select(['party_id', 'key', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('party_id', 'in', [...partyIds])
    .execute();
  const partyRef = new Map(parties.map((p) => [p.party_id, { id: p.party_id, key: p.key, name: p.name }]));
  const ref = (id: string | null): PartyRef | null => (id ? (partyRef.get(id) ?? null) : null);
  const productOf = new Map(
    products.map((p) => [p.product_id, { id: p.product_id, model: p.model, name: p.name }]),
  );
  return rows.map((r) => ({
    id: r.unit_id,
    serial: r.serial,
    product: productOf.get(r.product_id)!,
    owner: ref(r.owner_party_id)!,
    seller: ref(r.seller_party_id),
    servicePartner: ref(r.service_party_id),
    territory: r.territory,
    soldOn: r.sold_on,
    deliveredOn: r.delivered_on,
    installedOn: r.installed_on,
    maintainedOn: maintenance.filter((m) => m.unit_id === r.unit_id).map((m) => m.performed_on),
    parts: parts
      .filter((p) => p.unit_id === r.unit_id)
      .map((p) => ({
        partNumber: p.part_number,
        partCategory: p.part_category,
        serial: p.serial,
        ...(internals && { supplier: ref(p.supplier_party_id) }),
        deliveredOn: p.delivered_on,
      })),
    exchanges: exchanges
      .filter((e) => e.unit_id === r.unit_id)
      .map((e) => ({
        role: e.role as 'replaced_by' | 'replaces',
        serial: e.serial,
        kind: e.kind,
        warranty: e.warranty,
        on: e.replaced_on,
      })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

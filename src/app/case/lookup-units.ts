import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { visibleUnits } from '../unit/index.ts';
import { INTAKE_ROLES } from './lookup-customers.ts';

export interface UnitMatch {
  id: string;
  serial: string;
  product: { model: string; name: string; nameZh: string | null };
  /** The product's bill-of-parts categories: what a failed part may be. */
  partCategories: string[];
  owner: { id: string; key: string; name: string };
  soldOn: string | null;
  installedOn: string | null;
}

/**
 * "New case": units by the start of their serial (spaces ignored, upper case tried too), or every
 * unit of a customer, among those the agent may open cases for (a distributor's staff: the units
 * their party sold). Twenty at most, by serial, each read by an index (serial prefix, owner).
 */
export async function lookupUnits(
  deps: AppDeps,
  actor: Actor,
  by: { serial?: string | undefined; customer?: string | undefined },
): Promise<UnitMatch[]> {
  if (!INTAKE_ROLES.has(actor.role)) throw new AppError('forbidden');
  const typed = (by.serial ?? '').replace(/\s+/g, '');
  if (!typed && !by.customer) return [];
  let query = visibleUnits(deps.db, actor)
    .innerJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .innerJoin('parties as owner', (j) =>
      j.onRef('owner.tenant_id', '=', 'units.tenant_id').onRef('owner.party_id', '=', 'units.owner_party_id'),
    )
    .select([
      'units.unit_id as id',
      'units.serial',
      'products.model',
      'products.name as product_name',
      'products.name_zh',
      'products.part_categories',
      'owner.party_id as owner_id',
      'owner.key as owner_key',
      'owner.name as owner_name',
      'units.sold_on',
      'units.installed_on',
    ]);
  if (typed) {
    const prefix = (t: string) => `${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`units.serial LIKE ${prefix(typed)}`,
        sql<boolean>`units.serial LIKE ${prefix(typed.toUpperCase())}`,
      ]),
    );
  }
  if (by.customer) query = query.where('units.owner_party_id', '=', by.customer);
  const rows = await query.orderBy('units.serial').limit(20).execute();
  return rows.map((r) => ({
    id: r.id,
    serial: r.serial,
    product: { model: r.model, name: r.product_name, nameZh: r.name_zh },
    partCategories: r.part_categories,
    owner: { id: r.owner_id, key: r.owner_key, name: r.owner_name },
    soldOn: r.sold_on,
    installedOn: r.installed_on,
  }));
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { toUnitViews, type UnitView, visibleUnits } from './unit-view.ts';

export interface UnitFilter {
  /** A product model, e.g. `CH-900`. */
  product?: string | undefined;
  /** A country or subdivision: `CN` matches `CN-SH`. */
  territory?: string | undefined;
  /** An owner's party key. */
  owner?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Units by serial, as far as the actor may see. */
export async function listUnits(deps: AppDeps, actor: Actor, filter: UnitFilter): Promise<Page<UnitView>> {
  const after = decodeCursor(filter.cursor, ['text']);
  let query = visibleUnits(deps.db, actor).selectAll('units');
  if (filter.product) {
    query = query
      .innerJoin('products', (j) =>
        j
          .onRef('products.tenant_id', '=', 'units.tenant_id')
          .onRef('products.product_id', '=', 'units.product_id'),
      )
      .where('products.model', '=', filter.product);
  }
  if (filter.owner) {
    query = query
      .innerJoin('parties as owner', (j) =>
        j
          .onRef('owner.tenant_id', '=', 'units.tenant_id')
          .onRef('owner.party_id', '=', 'units.owner_party_id'),
      )
      .where('owner.key', '=', filter.owner);
  }
  if (filter.territory) {
    const territory = filter.territory;
    query = query.where((eb) =>
      eb.or([eb('units.territory', '=', territory), eb('units.territory', 'like', `${territory}-%`)]),
    );
  }
  if (after) query = query.where('units.serial', '>', after[0]!);
  const rows = await query
    .orderBy('units.serial')
    .limit(filter.limit + 1)
    .execute();
  const items = await toUnitViews(deps.db, actor, rows.slice(0, filter.limit));
  return pageOf(rows, filter.limit, items, (r) => [r.serial]);
}

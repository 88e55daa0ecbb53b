import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { partyKeys } from '../ledger/index.ts';
import { visibleLocations } from './stock-store.ts';

export interface StockLocationView {
  key: string;
  name: string;
  nameZh: string | null;
  kind: string;
  holder: { key: string; name: string };
  owner: { key: string; name: string };
  levels: { partNumber: string; onHand: number; reserved: number; available: number }[];
}

/** Stock per location: on hand, reserved, available. A party sees the locations it holds. */
export async function listStock(
  deps: AppDeps,
  actor: Actor,
  filter: { location?: string | undefined; part?: string | undefined },
): Promise<{ items: StockLocationView[] }> {
  let q = visibleLocations(deps.db, actor).selectAll('stock_locations');
  if (filter.location) q = q.where('stock_locations.key', '=', filter.location);
  const locations = await q.orderBy('stock_locations.key').execute();
  if (locations.length === 0) return { items: [] };
  let levelsQuery = deps.db
    .selectFrom('stock_levels')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where(
      'location_id',
      'in',
      locations.map((l) => l.location_id),
    );
  if (filter.part) levelsQuery = levelsQuery.where('part_number', '=', filter.part);
  const levels = await levelsQuery.orderBy('part_number').execute();
  const parties = await partyKeys(
    deps.db,
    actor.tenantId,
    locations.flatMap((l) => [l.holder_party_id, l.owner_party_id]),
  );
  const ref = (id: string) => parties.get(id) ?? { key: '?', name: '?' };
  return {
    items: locations.map((l) => ({
      key: l.key,
      name: l.name,
      nameZh: l.name_zh,
      kind: l.kind,
      holder: ref(l.holder_party_id),
      owner: ref(l.owner_party_id),
      levels: levels
        .filter((v) => v.location_id === l.location_id)
        .map((v) => ({
          partNumber: v.part_number,
          onHand: v.on_hand,
          reserved: v.reserved,
          available: v.on_hand - v.reserved,
        })),
    })),
  };
}

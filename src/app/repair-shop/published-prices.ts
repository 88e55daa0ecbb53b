import { PRICE_KIND_LABELS, PRICE_PER_LABELS } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import { countAttempt } from '../auth/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { decodeCursor, type Page, pageOf } from '../pagination.ts';
import { findTenant } from '../tenant/index.ts';

export interface PublishedPrice {
  key: string;
  kind: string;
  kindName: Label;
  name: Label;
  per: string;
  perName: Label;
  price: string;
  currency: string;
  taxRatePercent: number;
}

/** Reads of the public price list allowed per client address in ten minutes. */
export const PUBLIC_PRICE_READS_PER_10_MIN = 120;
export const PUBLIC_PRICE_PAGE_MAX = 200;

/**
 * The tenant's published customer prices (repair labour, travel, parts by part number), readable
 * without signing in: the founding notes' right-to-repair ask that owners and independent shops
 * see what a repair and a part cost. Only `price_list` is read, which holds customer prices alone:
 * the catalogue's costs, suppliers and lead times (`spare_parts`) are never joined. A page at a
 * time by item key (the table's primary key), and counted per client address as sign-ups are.
 */
export async function publishedPrices(
  deps: AppDeps,
  input: {
    tenant?: string | undefined;
    kind?: 'part' | 'labor' | 'travel' | undefined;
    limit: number;
    cursor?: string | undefined;
    client: string;
  },
): Promise<Page<PublishedPrice> & { tenant: string }> {
  const after = decodeCursor(input.cursor, ['text']);
  const within = await countAttempt(
    deps.db,
    [{ scope: 'price_list_client', subject: input.client, max: PUBLIC_PRICE_READS_PER_10_MIN }],
    deps.now(),
    600,
  );
  if (!within) throw new AppError('rate_limited');
  const { tenantId, slug } = await findTenant(deps, input.tenant);
  const limit = Math.min(input.limit, PUBLIC_PRICE_PAGE_MAX);
  let q = deps.db
    .selectFrom('price_list')
    .select(['item_key', 'kind', 'name', 'name_zh', 'per', 'price_minor', 'currency', 'tax_rate_percent'])
    .where('tenant_id', '=', tenantId);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (after) q = q.where('item_key', '>', after[0]!);
  const rows = await q
    .orderBy('item_key')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => ({
    key: r.item_key,
    kind: r.kind,
    kindName: PRICE_KIND_LABELS[r.kind],
    name: { en: r.name, zh: r.name_zh },
    per: r.per,
    perName: PRICE_PER_LABELS[r.per],
    price: formatMinor(Number(r.price_minor), r.currency),
    currency: r.currency,
    taxRatePercent: r.tax_rate_percent,
  }));
  return { tenant: slug, ...pageOf(rows, limit, items, (r) => [r.item_key]) };
}

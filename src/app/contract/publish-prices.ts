import type { Actor } from '../../domain/access/index.ts';
import { PRICE_KIND_LABELS, PRICE_PER_LABELS } from '../../domain/contract/index.ts';
import type { Label } from '../../domain/label.ts';
import { toMinor } from '../../domain/ledger/index.ts';
import { requireStaffWriter } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { invalid } from '../errors.ts';
import { recordChange } from '../evidence/index.ts';
import { inTransaction } from '../transaction.ts';
import { money } from './support.ts';

export interface PriceInput {
  key: string;
  kind: 'part' | 'labor' | 'travel';
  name: string;
  nameZh: string;
  per: 'piece' | 'hour' | 'km' | 'visit';
  price: string;
  currency: string;
  taxRatePercent: number;
}

export interface PriceView {
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

/**
 * The tenant's customer price list (customer prices, never costs): parts by part number, labour per
 * hour (`labor-hour`), travel per visit (`travel-visit`), each with its VAT rate. Items given
 * replace those of the same key; the rest stay.
 */
export async function publishPrices(
  deps: AppDeps,
  actor: Actor,
  items: PriceInput[],
): Promise<{ items: PriceView[] }> {
  requireStaffWriter(actor);
  const rows = items.map((i, n) => {
    let priceMinor: number;
    try {
      priceMinor = toMinor(i.price, i.currency);
    } catch (error) {
      throw invalid([{ path: `/body/items/${n}/price`, message: (error as Error).message }]);
    }
    return {
      tenant_id: actor.tenantId,
      item_key: i.key,
      kind: i.kind,
      name: i.name,
      name_zh: i.nameZh,
      per: i.per,
      price_minor: priceMinor,
      currency: i.currency,
      tax_rate_percent: i.taxRatePercent,
    };
  });
  await inTransaction(deps, async (trx) => {
    for (const r of rows) {
      await trx
        .insertInto('price_list')
        .values(r)
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'item_key']).doUpdateSet({
            kind: r.kind,
            name: r.name,
            name_zh: r.name_zh,
            per: r.per,
            price_minor: r.price_minor,
            currency: r.currency,
            tax_rate_percent: r.tax_rate_percent,
          }),
        )
        .execute();
    }
    const tenant = await trx
      .selectFrom('tenants')
      .select('tenant_id')
      .where('tenant_id', '=', actor.tenantId)
      .executeTakeFirstOrThrow();
    await recordChange(deps, trx, actor, {
      type: 'prices.published',
      subject: { type: 'tenant', id: tenant.tenant_id },
      payload: {
        items: rows.map((r) => ({
          key: r.item_key,
          priceMinor: r.price_minor,
          currency: r.currency,
          taxRatePercent: r.tax_rate_percent,
        })),
      },
    });
  });
  return listPrices(deps, actor);
}

/**
 * The published customer prices, readable by every signed-in party: customers and independent
 * repair shops see what a repair and a part cost (the right-to-repair ask of the founding notes).
 */
export async function listPrices(deps: AppDeps, actor: Actor): Promise<{ items: PriceView[] }> {
  const rows = await deps.db
    .selectFrom('price_list')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('kind')
    .orderBy('item_key')
    .execute();
  return {
    items: rows.map((r) => ({
      key: r.item_key,
      kind: r.kind,
      kindName: PRICE_KIND_LABELS[r.kind],
      name: { en: r.name, zh: r.name_zh },
      per: r.per,
      perName: PRICE_PER_LABELS[r.per],
      price: money(r.price_minor, r.currency),
      currency: r.currency,
      taxRatePercent: r.tax_rate_percent,
    })),
  };
}

import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';
import { isStaff, partyIdByKey } from './operations-support.ts';

export interface CostByMonth {
  party: string;
  from: string;
  to: string;
  /** One row per month, product model and currency: the net amount the party bore (credits count against it). */
  items: { month: string; model: string | null; currency: string; amountMinor: number; lines: number }[];
}

/**
 * What a party bore per month and product model over a period: the warranty cost chart. Read by
 * the bearer index (tenant, bearer, day); the case's unit names the model. Staff may ask for any
 * party, anyone else only for their own (another party answers 404, as the statement does).
 */
export async function costByMonth(
  deps: AppDeps,
  actor: Actor,
  input: { party: string; from: string; to: string },
): Promise<CostByMonth> {
  if (input.from > input.to) throw invalid([{ path: '/query/from', message: 'from is after to' }]);
  const noSuchParty = () =>
    new AppError('not_found', { detail: { en: 'No such party.', zh: '没有该参与方。' } });
  const partyId = await partyIdByKey(deps.db, actor.tenantId, input.party, '/query/party').catch(() => {
    throw noSuchParty();
  });
  if (!isStaff(actor) && partyId !== actor.partyId) throw noSuchParty();
  const rows = await deps.db
    .selectFrom('cost_lines')
    .leftJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'cost_lines.tenant_id')
        .onRef('cases.case_id', '=', 'cost_lines.case_id'),
    )
    .leftJoin('units', (j) =>
      j.onRef('units.tenant_id', '=', 'cases.tenant_id').onRef('units.unit_id', '=', 'cases.unit_id'),
    )
    .leftJoin('products', (j) =>
      j
        .onRef('products.tenant_id', '=', 'units.tenant_id')
        .onRef('products.product_id', '=', 'units.product_id'),
    )
    .select(['cost_lines.occurred_on', 'cost_lines.amount_minor', 'cost_lines.currency', 'products.model'])
    .where('cost_lines.tenant_id', '=', actor.tenantId)
    .where('cost_lines.bearer_party_id', '=', partyId)
    .where('cost_lines.occurred_on', '>=', input.from)
    .where('cost_lines.occurred_on', '<=', input.to)
    .execute();
  const groups = new Map<string, CostByMonth['items'][number]>();
  for (const r of rows) {
    const month = String(r.occurred_on).slice(0, 7);
    const key = `${month}|${r.model ?? ''}|${r.currency}`;
    const g = groups.get(key) ?? { month, model: r.model, currency: r.currency, amountMinor: 0, lines: 0 };
    g.amountMinor += r.amount_minor;
    g.lines += 1;
    groups.set(key, g);
  }
  const items = [...groups.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || (a.model ?? '').localeCompare(b.model ?? ''),
  );
  return { party: input.party, from: input.from, to: input.to, items };
}

import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import { formatMinor } from '../../domain/ledger/index.ts';
import type { AppDeps } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import type { Tx } from '../transaction.ts';
import { NO_MATTER } from './support.ts';

/** What the matter use cases share: a matter read within the actor's tenant, its links, money in words. */
export type LinkType = 'case' | 'notice' | 'supplier_request' | 'cost_line';

/** Links cases, notices, requests or cost lines to a matter (a link already there stays as it is). */
export async function addLinks(
  trx: Tx,
  tenantId: string,
  matterId: string,
  links: Array<[LinkType, string]>,
) {
  if (links.length === 0) return;
  await trx
    .insertInto('matter_links')
    .values(
      links.map(([type, id]) => ({ tenant_id: tenantId, matter_id: matterId, link_type: type, link_id: id })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function checkLinks(deps: AppDeps, tenantId: string, links: Array<[LinkType, string]>) {
  for (const [type, id] of links) {
    const table = type === 'case' ? 'cases' : type === 'notice' ? 'notices' : 'supplier_requests';
    const column = type === 'case' ? 'case_id' : type === 'notice' ? 'notice_id' : 'request_id';
    const row = await deps.db
      .selectFrom(table)
      .select(column as 'tenant_id')
      .where('tenant_id', '=', tenantId)
      .where(column as 'tenant_id', '=', id)
      .executeTakeFirst();
    if (!row) throw invalid([{ path: `/body/${type}Ids`, message: `no ${type} ${id}` }]);
  }
}

export async function loadMatter(deps: AppDeps, actor: Actor, matterId: string) {
  if (!readsBrandInternals(actor)) throw notFound(NO_MATTER);
  const m = await deps.db
    .selectFrom('dispute_matters')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('matter_id', '=', matterId)
    .executeTakeFirst();
  if (!m) throw notFound(NO_MATTER);
  return m;
}

export async function linksOf(deps: AppDeps, tenantId: string, matterId: string) {
  return deps.db
    .selectFrom('matter_links')
    .select(['link_type', 'link_id'])
    .where('tenant_id', '=', tenantId)
    .where('matter_id', '=', matterId)
    .execute();
}

export const money = (minor: number | null, currency: string) =>
  minor === null
    ? null
    : { amountMinor: Number(minor), amount: formatMinor(Number(minor), currency), currency };

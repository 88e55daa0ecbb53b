import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { partyByKey } from '../party/index.ts';
import { loadSite, visibleSites } from './field-access.ts';
import { type SiteView, siteViews } from './site-view.ts';

/** The sites the actor may see (a customer's several sites; a partner's visit sites), by name. */
export async function listSites(
  deps: AppDeps,
  actor: Actor,
  filter: { customer?: string | undefined; limit: number },
): Promise<SiteView[]> {
  let q = visibleSites(deps.db, actor).select('sites.site_id');
  if (filter.customer) {
    const party = await partyByKey(deps.db, actor.tenantId, filter.customer, '/querystring/customer');
    q = q.where('sites.customer_party_id', '=', party.party_id);
  }
  const rows = await q.orderBy('sites.name').orderBy('sites.site_id').limit(filter.limit).execute();
  return siteViews(
    deps.db,
    actor.tenantId,
    rows.map((r) => r.site_id),
  );
}

export async function showSite(deps: AppDeps, actor: Actor, siteId: string): Promise<SiteView> {
  await loadSite(deps.db, actor, siteId);
  return (await siteViews(deps.db, actor.tenantId, [siteId]))[0]!;
}

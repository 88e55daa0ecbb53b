import type { Actor } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { partyByKey } from '../party/index.ts';
import { technicianViews } from './create-technician.ts';
import { visibleTechnicians } from './field-access.ts';
import type { TechnicianView } from './technician-view.ts';

/** The technicians the actor may see: staff all (or one party's), a partner its own people. */
export async function listTechnicians(
  deps: AppDeps,
  actor: Actor,
  filter: { party?: string | undefined; limit: number },
): Promise<TechnicianView[]> {
  let q = visibleTechnicians(deps.db, actor).select('technicians.technician_id');
  if (filter.party) {
    const party = await partyByKey(deps.db, actor.tenantId, filter.party, '/querystring/party');
    q = q.where('technicians.party_id', '=', party.party_id);
  }
  const rows = await q
    .orderBy('technicians.name')
    .orderBy('technicians.technician_id')
    .limit(filter.limit)
    .execute();
  return technicianViews(
    deps,
    actor.tenantId,
    rows.map((r) => r.technician_id),
  );
}

import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { noticeView } from './notice-view.ts';

export async function listNotices(deps: AppDeps, actor: Actor) {
  let q = deps.db
    .selectFrom('notices')
    .select('notice_id')
    .where('tenant_id', '=', actor.tenantId)
    .orderBy('created_at', 'desc')
    .limit(200);
  if (!readsBrandInternals(actor))
    q = q.where('to_party_id', '=', actor.partyId).where('state', '<>', 'draft');
  const rows = await q.execute();
  return { items: await Promise.all(rows.map((r) => noticeView(deps, actor, r.notice_id))) };
}

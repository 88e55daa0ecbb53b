import type { Actor } from '../../domain/access/index.ts';
import { readsBrandInternals } from '../../domain/access/index.ts';
import type { AppDeps } from '../context.ts';
import { NO_NOTICE, notFoundUnless, seesCounterparty } from './support.ts';

/** What the notice use cases share: a notice read within the actor's tenant. */
export async function loadNotice(deps: AppDeps, actor: Actor, noticeId: string) {
  const n = await deps.db
    .selectFrom('notices')
    .selectAll()
    .where('tenant_id', '=', actor.tenantId)
    .where('notice_id', '=', noticeId)
    .executeTakeFirst();
  notFoundUnless(n !== undefined && seesCounterparty(actor, n.to_party_id), NO_NOTICE);
  // The addressee sees a notice once it is sent, never the brand's drafts.
  notFoundUnless(readsBrandInternals(actor) || n!.state !== 'draft', NO_NOTICE);
  return n!;
}

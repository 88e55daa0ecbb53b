import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { notFound } from '../errors.ts';
import { CANNED_REPLY_NOT_FOUND } from './canned-reply-view.ts';

/** Removes a saved reply (replies already sent keep their text). */
export async function deleteCannedReply(deps: AppDeps, actor: Actor, replyId: string): Promise<void> {
  requireAccess(actor, 'write', 'canned_reply');
  const removed = await deps.db
    .deleteFrom('canned_replies')
    .where('tenant_id', '=', actor.tenantId)
    .where('reply_id', '=', replyId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw notFound(CANNED_REPLY_NOT_FOUND);
}

import type { Actor } from '../../domain/access/index.ts';
import { CANNED_REPLY_BLANKS, unknownBlanks } from '../../domain/case/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound, pgErrorCode } from '../errors.ts';
import { CANNED_REPLY_NOT_FOUND, type CannedReplyInput, type CannedReplyView } from './canned-reply-view.ts';

function checkBlanks(body: string): void {
  const unknown = unknownBlanks(body);
  if (unknown.length > 0) {
    throw new AppError('invalid_input', {
      fields: [
        {
          path: '/body/body',
          message: `unknown blank ${unknown.map((u) => `{{${u}}}`).join(', ')}; allowed: ${CANNED_REPLY_BLANKS.map((b) => `{{${b}}}`).join(', ')}`,
        },
      ],
    });
  }
}

/** Saves a new reply (no id) or changes one; titles are unique per language. */
export async function saveCannedReply(
  deps: AppDeps,
  actor: Actor,
  input: CannedReplyInput,
  replyId?: string,
): Promise<CannedReplyView> {
  requireAccess(actor, 'write', 'canned_reply');
  checkBlanks(input.body);
  const now = deps.now();
  const id = replyId ?? deps.newId();
  try {
    if (replyId) {
      const changed = await deps.db
        .updateTable('canned_replies')
        .set({ title: input.title, language: input.language, body: input.body, updated_at: now })
        .where('tenant_id', '=', actor.tenantId)
        .where('reply_id', '=', replyId)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw notFound(CANNED_REPLY_NOT_FOUND);
    } else {
      await deps.db
        .insertInto('canned_replies')
        .values({
          tenant_id: actor.tenantId,
          reply_id: id,
          title: input.title,
          language: input.language,
          body: input.body,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new AppError('key_taken', {
        fields: [{ path: '/body/title', message: 'a saved reply in this language already has this title' }],
      });
    }
    throw error;
  }
  return { id, ...input, filled: null, updatedAt: now };
}
